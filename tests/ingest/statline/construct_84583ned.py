"""Write the CBS OData responses for KWB 2019 (84583NED), Utrecht, from the real CSV beside this file.

These are constructed, not recorded (see SOURCE.md): every figure, code and name comes from
``84583NED/kwb_2019_utrecht_odata.csv``; the wire format (``value`` lists, ``odata.metadata``,
``odata.nextLink``, space-padded keys and texts, ``null`` for an unpublished number) follows the
recorded CBS responses in ``80137ned/`` and CBS' documentation. Run it from the repository root:

    .venv/bin/python tests/ingest/statline/construct_84583ned.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "84583NED"
CSV = HERE / "kwb_2019_utrecht_odata.csv"
HOST = "https://opendata.cbs.nl"
FEED = f"{HOST}/ODataFeed/OData/84583NED"
FILTER = " or ".join(f"startswith(WijkenEnBuurten,'{prefix}')" for prefix in ("GM0344", "WK0344", "BU0344"))
"""The filter the connector sends for Utrecht; the live next link repeats the request's query."""
PAGE_SIZE = 61
"""The live Feed pages per 10 000 rows; 61 splits Utrecht's 122 rows so the tests follow a next link."""

GROUPS: list[tuple[str | None, list[tuple[str, str, str, str, int | None]]]] = [
    # (topic group, [(key, title, unit, datatype, decimals)]); titles and units as on cbs.nl/…/84583NED
    (
        "Regioaanduiding",
        [
            ("Gemeentenaam_1", "Gemeentenaam", "naam", "String", None),
            ("SoortRegio_2", "Soort regio", "omschrijving", "String", None),
            ("Codering_3", "Codering", "code", "String", None),
        ],
    ),
    ("Bevolking", [("AantalInwoners_5", "Aantal inwoners", "aantal", "Long", 0)]),
    ("Geslacht", [("Mannen_6", "Mannen", "aantal", "Long", 0), ("Vrouwen_7", "Vrouwen", "aantal", "Long", 0)]),
    (
        "Leeftijdsgroepen",
        [
            ("k_0Tot15Jaar_8", "0 tot 15 jaar", "aantal", "Long", 0),
            ("k_15Tot25Jaar_9", "15 tot 25 jaar", "aantal", "Long", 0),
            ("k_25Tot45Jaar_10", "25 tot 45 jaar", "aantal", "Long", 0),
            ("k_45Tot65Jaar_11", "45 tot 65 jaar", "aantal", "Long", 0),
            ("k_65JaarOfOuder_12", "65 jaar of ouder", "aantal", "Long", 0),
        ],
    ),
    (
        "Personen met een migratieachtergrond",
        [
            ("WestersTotaal_17", "Westers totaal", "aantal", "Long", 0),
            ("NietWestersTotaal_18", "Niet-westers totaal", "aantal", "Long", 0),
        ],
    ),
    (
        "Particuliere huishoudens",
        [
            ("HuishoudensTotaal_28", "Huishoudens totaal", "aantal", "Long", 0),
            ("Eenpersoonshuishoudens_29", "Eenpersoonshuishoudens", "aantal", "Long", 0),
            ("HuishoudensZonderKinderen_30", "Huishoudens zonder kinderen", "aantal", "Long", 0),
            ("HuishoudensMetKinderen_31", "Huishoudens met kinderen", "aantal", "Long", 0),
            ("GemiddeldeHuishoudensgrootte_32", "Gemiddelde huishoudensgrootte", "aantal", "Double", 1),
        ],
    ),
    (
        "Opleidingsniveau",
        [
            ("OpleidingsniveauLaag_64", "Opleidingsniveau laag", "aantal", "Long", 0),
            ("OpleidingsniveauMiddelbaar_65", "Opleidingsniveau middelbaar", "aantal", "Long", 0),
            ("OpleidingsniveauHoog_66", "Opleidingsniveau hoog", "aantal", "Long", 0),
        ],
    ),
]
WIDTHS = {"WijkenEnBuurten": 10, "Codering_3": 10, "SoortRegio_2": 10, "Gemeentenaam_1": 40}
"""CBS pads codes and texts to a fixed width with spaces; these widths are assumed."""


def _metadata(entity: str) -> str:
    return f"{FEED}/$metadata#Cbs.OData.WebAPI.{entity}"


def _write(name: str, payload: dict[str, object]) -> None:
    (HERE / name).write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _table_infos() -> dict[str, object]:
    info = {
        "Identifier": "84583NED",
        "Catalog": "CBS",
        "Period": "2019",
        "Source": "CBS.",
        "ID": 0,
        "Title": "Kerncijfers wijken en buurten 2019",
        "Language": "nl",
        "ShortTitle": "Kerncijfers wijken en buurten 2019",
    }
    return {"value": [info], "odata.metadata": _metadata("TableInfos")}


def _data_properties() -> dict[str, object]:
    entries: list[dict[str, object]] = [
        {
            "ID": 0,
            "Position": 0,
            "ParentID": None,
            "Type": "GeoDimension",
            "Key": "WijkenEnBuurten",
            "Title": "Wijken en buurten",
            "Description": None,
            "odata.type": "Cbs.OData.GeoDimension",
        }
    ]
    position = 1
    for group, topics in GROUPS:
        group_id = len(entries)
        entries.append(
            {
                "ID": group_id,
                "Position": None,
                "ParentID": None,
                "Type": "TopicGroup",
                "Key": "",
                "Title": group,
                "Description": None,
                "odata.type": "Cbs.OData.TopicGroup",
            }
        )
        for key, title, unit, datatype, decimals in topics:
            entries.append(
                {
                    "ID": len(entries),
                    "Position": position,
                    "ParentID": group_id,
                    "Type": "Topic",
                    "Key": key,
                    "Title": title,
                    "Description": None,
                    "Datatype": datatype,
                    "Unit": unit,
                    "Decimals": decimals,
                    "odata.type": "Cbs.OData.Topic",
                }
            )
            position += 1
    return {"value": entries, "odata.metadata": _metadata("DataProperties")}


def _typed(row: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {"ID": int(row["ID"])}
    texts = {"WijkenEnBuurten": row["WijkenEnBuurten"], "Gemeentenaam_1": "Utrecht"}
    texts |= {"SoortRegio_2": row["SoortRegio_2"], "Codering_3": row["Codering_3"]}
    for key, value in texts.items():
        out[key] = value.ljust(WIDTHS[key])
    for _group, topics in GROUPS[1:]:
        for key, _title, _unit, datatype, _decimals in topics:
            raw = row[key].strip()
            out[key] = None if raw == "" else (float(raw) if datatype == "Double" else int(raw))
    return out


def main() -> None:
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    _write("TableInfos.json", _table_infos())
    _write("DataProperties.json", _data_properties())
    regions = [{"Key": r["WijkenEnBuurten"].ljust(10), "Title": r["regio_naam"], "Description": None} for r in rows]
    _write("WijkenEnBuurten.json", {"value": regions, "odata.metadata": _metadata("WijkenEnBuurten")})
    typed = [_typed(row) for row in rows]
    query = f"$format=json&$filter={FILTER.replace(' ', '%20')}"
    first = {
        "value": typed[:PAGE_SIZE],
        "odata.metadata": _metadata("TypedDataSet"),
        "odata.nextLink": f"{FEED}/TypedDataSet?{query}&$skip={PAGE_SIZE}",
    }
    _write("TypedDataSet-1.json", first)
    _write("TypedDataSet-2.json", {"value": typed[PAGE_SIZE:], "odata.metadata": _metadata("TypedDataSet")})


if __name__ == "__main__":
    main()
