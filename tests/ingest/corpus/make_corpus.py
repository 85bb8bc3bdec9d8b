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


WIJKTEAM = "contact_id,client_id,huishouden_id,buurt_code,aanmelddatum,startdatum,einddatum,hulpvraag,doorverwezen"
WIJKTEAM_GOOD = [
    "C1,a3f5c2,h1,BU03440112,2023-02-01,,,opvoeden,nee",
    "C2,b7e9d1,,BU03440311,2023-03-10,2023-04-01,,wonen,ja",
]
VVE = "kind_id,buurt_code,peildatum,doelgroep,deelname,uren_per_week"


def _points_four_and_five() -> None:
    """Issue 14, points 4 (no BSN in any message) and 5 (files read as meant, or refused)."""
    swapped = HEADER.replace("bsn", "@").replace("leeftijd", "bsn").replace("@", "leeftijd")
    _csv("bsn-kolommen-verwisseld.csv", [swapped, *GOOD])
    _csv(
        "bsn-kolommen-verwisseld-1252.csv",
        [swapped, GOOD[0].replace("Zorg A", "Zorg Één"), GOOD[1]],
        encoding="cp1252",
    )
    _broken("bsn-in-andere-kolommen.csv", 0, "ambulant,Zorg A,man", "999990032,Zorg A,999.990.020")
    _csv(
        "pseudoniem-is-bsn.csv",
        [WIJKTEAM, WIJKTEAM_GOOD[0].replace("a3f5c2,h1", "999990019,99990015"), WIJKTEAM_GOOD[1]],
    )
    _csv(
        "pseudoniem-is-bsn-spaties.csv", [WIJKTEAM, WIJKTEAM_GOOD[0], WIJKTEAM_GOOD[1].replace("b7e9d1", "9999 900 20")]
    )
    _csv("dubbele-kolom.csv", [HEADER + ",aanbieder", *[r + ",Zorg C" for r in GOOD]])
    _csv(
        "dubbele-kolom-schrijfwijze.csv",
        [HEADER.replace("buurt_code", "Buurt code") + ",buurt-code", *[r + ",BU03440311" for r in GOOD]],
    )
    book = xlsxwriter.Workbook(str(HERE / "dubbele-kolom.xlsx"))
    sheet = book.add_worksheet("Trajecten")
    for r, line in enumerate([HEADER + ",Buurt_Code", *[g + ",BU03440311" for g in GOOD]]):
        sheet.write_row(r, 0, line.split(","))
    book.close()
    _broken("datum-met-rommel.csv", 0, "2023-02-01", "2023-02-01xyz onzin")
    _broken("datum-tijd-rommel.csv", 1, "2023-03-15", "2023-03-15 10:00 uur")
    _broken("datum-toekomst.csv", 2, "2023-05-09", "2099-05-09")
    _broken("leeftijd-duizendtal.csv", 0, ",12", ',"1.500"')
    _broken("leeftijd-64-bits.csv", 1, ",15", ",99999999999999999999")
    _csv(
        "uren-dubbelzinnig.csv",
        [VVE, "K1,BU03440112,2023-10-01,ja,ja,1.500", "K2,BU03440112,2023-10-01,ja,ja,16", "K3,,2023-10-01,nee,nee,"],
    )
    _csv(
        "uren-oneindig.csv",
        [VVE, "K1,BU03440112,2023-10-01,ja,ja,inf", "K2,BU03440112,2023-10-01,ja,ja,NaN", "K3,,2023-10-01,ja,ja,1e3"],
    )
    _csv(
        "uren-punt-en-komma.csv",
        [VVE, 'K1,BU03440112,2023-10-01,ja,ja,"7,5"', "K2,BU03440112,2023-10-01,ja,ja,8.5", "K3,,2023-10-01,ja,ja,16"],
    )
    _csv("rij-te-lang.csv", [HEADER, GOOD[0], GOOD[1] + ",extra", GOOD[2]])
    _csv("rij-te-kort.csv", [HEADER, GOOD[0], GOOD[1], ",".join(GOOD[2].split(",")[:6])])
    _csv(
        "scheidingstekens-gemengd.csv",
        [HEADER.replace(",", ";"), GOOD[0].replace(",", ";"), GOOD[1], GOOD[2].replace(",", ";")],
    )
    _csv("aanhalingsteken-open.csv", [HEADER, GOOD[0], GOOD[1].replace("Zorg B", '"Zorg B'), GOOD[2]])
    _csv("aanhalingsteken-midden.csv", [HEADER, GOOD[0].replace("Zorg A", '"Zorg" A'), *GOOD[1:]])
    _csv(
        "utf16-zonder-bom.csv",
        [
            HEADER.replace(",", "\t"),
            *[r.replace(",", "\t") for r in GOOD[:2]],
            GOOD[2].replace(",", "\t").replace("pleegzorg", "pléégzorg"),
        ],
        encoding="utf-16-le",
    )
    _csv("utf16-be-zonder-bom.csv", [HEADER, GOOD[0].replace("ambulant", "thuis"), *GOOD[1:]], encoding="utf-16-be")
    book = xlsxwriter.Workbook(str(HERE / "gegevens-op-tweede-werkblad.xlsx"))
    book.add_worksheet("Toelichting").write(0, 0, "Aangeleverd door team Jeugd, zie blad Trajecten")
    sheet = book.add_worksheet("Trajecten")
    for r, line in enumerate([HEADER, *GOOD]):
        sheet.write_row(r, 0, line.split(","))
    book.close()


def main() -> None:
    _points_four_and_five()
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
