"""Write the bad-input corpus (run once; the files are committed). Each file breaks one thing."""

from __future__ import annotations

import random
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
HEADER = "traject_id,bsn,buurt_code,start,einde,vorm,aanbieder,geslacht,leeftijd"
GOOD = [
    "T1,999990019,BU03440112,2023-02-01,,ambulant,Zorg A,man,12",
    "T2,999990020,BU03440311,2022-11-30,2023-03-15,verblijf,Zorg B,vrouw,15",
    "T3,999990032,BU03440112,2023-05-09,,pleegzorg,Zorg A,onbekend,3",
]


def _csv(name: str, lines: list[str], *, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(("\n".join(lines) + "\n").encode(encoding))


def _broken(name: str, row: int, old: str, new: str) -> None:
    rows = list(GOOD)
    assert old in rows[row], (name, old)
    rows[row] = rows[row].replace(old, new, 1)
    _csv(name, [HEADER, *rows])


def main() -> None:
    (HERE / "leeg.csv").write_bytes(b"")
    _csv("alleen-kopregel.csv", [HEADER])
    (HERE / "binair.csv").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(2048)) + b"\x00")
    (HERE / "leeg.xlsx").write_bytes(b"")
    (HERE / "geen-excel.xlsx").write_text(HEADER + "\n", encoding="utf-8")
    _csv(
        "kolom-ontbreekt.csv",
        [HEADER.replace(",vorm", ""), *[",".join(r.split(",")[:5] + r.split(",")[6:]) for r in GOOD]],
    )
    _csv("pipe-gescheiden.csv", [HEADER.replace(",", "|"), *[r.replace(",", "|") for r in GOOD]])
    _broken("bsn-elfproef.csv", 0, "999990019", "999990018")
    _broken("bsn-te-kort.csv", 1, "999990020", "9999900")
    _broken("bsn-letters.csv", 2, "999990032", "99999OO32")
    _csv("dubbele-sleutel.csv", [HEADER, *GOOD, GOOD[1].replace("999990020", "999990044")])
    _broken("onbekende-buurt.csv", 0, "BU03440112", "BU03449999")
    _broken("buurt-naam.csv", 1, "BU03440311", "Overvecht")
    _broken("datum-bestaat-niet.csv", 2, "2023-05-09", "31-02-2023")
    _broken("datum-tekst.csv", 0, "2023-02-01", "gisteren")
    _broken("datum-eeuw.csv", 0, "2023-02-01", "01-02-1823")
    _broken("einde-voor-start.csv", 1, "2023-03-15", "2022-01-15")
    _broken("leeftijd-negatief.csv", 0, ",12", ",-1")
    _broken("leeftijd-tekst.csv", 1, ",15", ",vijftien")
    _broken("leeftijd-decimaal.csv", 2, ",3", ',"1,5"')
    _broken("vorm-onbekend.csv", 0, "ambulant", "thuis")
    _broken("formule-hyperlink.csv", 0, "Zorg A", '"=HYPERLINK(""http://x.example"",""klik"")"')
    _broken("formule-dde.csv", 1, "Zorg B", "+cmd|' /C calc'!A0")
    _broken("verplicht-leeg.csv", 2, "2023-05-09", "")
    _csv(
        "windows-1252-fout.csv",
        [HEADER, GOOD[0].replace("Zorg A", "Café"), GOOD[1].replace("verblijf", "vérblijf")],
        encoding="cp1252",
    )
    _csv("veel-fouten.csv", [HEADER, *[f"T{i},999990019,BU03440112,2023-02-01,,x,Zorg,man,1" for i in range(1, 31)]])
    _csv(
        "kwb-negatief.csv",
        [
            "jaar,gemeente_code,regio_type,gwb_code,regio_naam,indicator,waarde,eenheid,bron_bestand,bron_kolom",
            "2023,GM0344,Gemeente,GM0344,Utrecht,inwoners,367947,aantal,x.csv,a_inw",
            "2023,GM0344,Wijk,WK034401,West,inwoners,-5,aantal,x.csv,a_inw",
        ],
    )
    _csv(
        "kwb-kolom-ontbreekt.csv",
        [
            "jaar,gemeente_code,regio_type,gwb_code,regio_naam,indicator,eenheid",
            "2023,GM0344,Gemeente,GM0344,Utrecht,inwoners,aantal",
        ],
    )
    book = xlsxwriter.Workbook(str(HERE / "werkblad-heet-anders.xlsx"))
    sheet = book.add_worksheet("Blad1")
    for r, line in enumerate([HEADER, *GOOD]):
        sheet.write_row(r, 0, line.split(","))
    book.close()


if __name__ == "__main__":
    main()
