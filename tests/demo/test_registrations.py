"""The simulated Utrecht registrations: valid against their source definitions, and plausible.

The files are generated once for the module. Two more runs go at the same time in forked
processes, on the other core: the same seed (all files), and another seed (the files that need
only part of the simulation; the others draw from the seed in the same way).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import multiprocessing
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

from duiding.definitions.models import SourceKind
from duiding.definitions.sources import Column, ColumnType, Source
from duiding.demo.build import KWB_UTRECHT
from duiding.demo.registrations import SIMULATIONS, demo_registrations_write
from duiding.demo.registrations.assumptions import BSN_PREFIX
from duiding.demo.registrations.identity import Identities, bsn_valid
from duiding.library import library_sources

SEED = 2024
START, END = date(2019, 1, 1), date(2024, 12, 31)
SOURCES = library_sources()
MICRODATA = sorted(key for key, source in SOURCES.items() if source.kind is SourceKind.MICRODATA)
OTHER_SEED_FILES = ("bijstand_uitkeringen", "jeugdhulp_trajecten", "vve_deelname", "school_inloop")


@dataclass(frozen=True)
class Runs:
    files: dict[str, Path]
    same_seed: Path
    other_seed: Path


def _write(folder: Path, seed: int, files: tuple[str, ...]) -> None:
    demo_registrations_write(folder, sources={k: SOURCES[k] for k in files}, kwb=KWB_UTRECHT, seed=seed)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    root = tmp_path_factory.mktemp("registraties")
    fork = multiprocessing.get_context("fork")
    others = [
        fork.Process(target=_write, args=(root / "zelfde", SEED, tuple(MICRODATA))),
        fork.Process(target=_write, args=(root / "ander", SEED + 1, OTHER_SEED_FILES)),
    ]
    for process in others:
        process.start()
    try:
        files = demo_registrations_write(root / "eerste", sources=SOURCES, kwb=KWB_UTRECHT, seed=SEED)
        for process in others:
            process.join(timeout=120)
            assert process.exitcode == 0
        yield Runs(files=files, same_seed=root / "zelfde", other_seed=root / "ander")
    finally:
        for process in others:
            if process.is_alive():
                process.kill()


Table = dict[str, list[str]]
"""A CSV file by column: name → cells."""


@pytest.fixture(scope="module")
def tables(runs: Runs) -> dict[str, Table]:
    """Every file read once, every cell as text ('' when empty)."""
    found = {}
    for source_id, path in runs.files.items():
        names = [c.name for c in SOURCES[source_id].file_columns]
        options = pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
        )
        found[source_id] = pa_csv.read_csv(path, convert_options=options).to_pydict()
    return found


def _running(table: Table, first: str, last: str) -> list[int]:
    """Positions of the rows whose start–end interval overlaps [first, last]."""
    spans = enumerate(zip(table["start"], table["einde"], strict=True))
    return [i for i, (start, end) in spans if start <= last and (end == "" or end >= first)]


def _kwb_2023() -> dict[str, dict[str, float | None]]:
    """Figures by area code, read here independently of the generator."""
    found: dict[str, dict[str, float | None]] = defaultdict(dict)
    with KWB_UTRECHT.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["jaar"] == "2023":
                found[row["gwb_code"]][row["indicator"]] = float(row["waarde"]) if row["waarde"] else None
    return found


KWB = _kwb_2023()
BUURTEN = {code for code in KWB if code.startswith("BU")}


# --- files and definitions --------------------------------------------------------------------


def test_one_file_per_microdata_source(runs: Runs) -> None:
    assert sorted(runs.files) == MICRODATA == sorted(SIMULATIONS)
    assert all(path.name == f"{key}.csv" for key, path in runs.files.items())


@pytest.mark.parametrize("source_id", MICRODATA)
def test_header_is_the_file_columns(runs: Runs, source_id: str) -> None:
    raw = runs.files[source_id].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8").split("\n", 1)[0]
    assert header == ",".join(c.name for c in SOURCES[source_id].file_columns)


def _value_problem(column: Column, cell: str) -> str | None:
    """Why a non-empty value breaks its column's definition, or None."""
    number: float | None = None
    match column.type:
        case ColumnType.INTEGER:
            if not re.fullmatch(r"-?\d+", cell):
                return "geen geheel getal"
            number = int(cell)
        case ColumnType.NUMBER:
            if not re.fullmatch(r"-?\d+(\.\d+)?", cell):
                return "geen getal"
            number = float(cell)
        case ColumnType.DATE:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell) or cell > END.isoformat():
                return "geen datum (jjjj-mm-dd) tot en met het einde van het venster"
            try:
                date.fromisoformat(cell)
            except ValueError:
                return "geen bestaande datum"
        case ColumnType.BOOLEAN if cell not in ("true", "false"):
            return "geen true/false"
        case ColumnType.BSN if not (bsn_valid(cell) and cell.startswith(BSN_PREFIX)):
            return "geen geldig test-BSN"
        case ColumnType.BUURT if cell not in BUURTEN:
            return "geen buurt van KWB 2023"
        case ColumnType.POSTCODE if not re.fullmatch(r"\d{4}[A-Z]{2}", cell):
            return "geen postcode"
    if column.allowed and cell not in column.allowed:
        return "niet toegestaan"
    if number is not None and column.minimum is not None and number < column.minimum:
        return "onder het minimum"
    if number is not None and column.maximum is not None and number > column.maximum:
        return "boven het maximum"
    return None


def _violations(source: Source, table: Table) -> list[str]:
    """Every way ``table`` breaks ``source``: each distinct value is checked once per column."""
    problems: list[str] = []
    rows = len(next(iter(table.values())))
    for column in source.file_columns:
        cells = table[column.name]
        if column.required and "" in cells:
            problems.append(f"{column.name}: {cells.count('')} lege cellen")
        for value in sorted(set(cells) - {""}):
            if problem := _value_problem(column, value):
                problems.append(f"{column.name}={value!r}: {problem}")
    if source.key and len(set(zip(*(table[k] for k in source.key), strict=True))) != rows:
        problems.append(f"sleutel {source.key} niet uniek")
    time = source.time
    if time and time.start and time.end:
        backwards = sum(1 for s, e in zip(table[time.start], table[time.end], strict=True) if e and e < s)
        problems += [f"{backwards} keer einde voor start"] if backwards else []
    if time and time.date and min(d for d in table[time.date] if d) < START.isoformat():
        problems.append(f"{time.date} voor het venster")
    return problems


@pytest.mark.parametrize("source_id", MICRODATA)
def test_every_cell_follows_the_source_definition(tables: dict[str, Table], source_id: str) -> None:
    table = tables[source_id]
    assert list(table) == [c.name for c in SOURCES[source_id].file_columns]
    assert table[next(iter(table))], "lege simulatie"
    problems = _violations(SOURCES[source_id], table)
    assert not problems, f"{len(problems)} fouten, bijvoorbeeld: {problems[:10]}"


@pytest.mark.parametrize(
    ("source_id", "end", "reason"),
    [("jeugdhulp_trajecten", "einde", "reden_einde"), ("bijstand_uitkeringen", "einde", "uitstroom_reden")],
)
def test_a_reason_only_once_ended(tables: dict[str, Table], source_id: str, end: str, reason: str) -> None:
    table = tables[source_id]
    assert all((e == "") == (r == "") for e, r in zip(table[end], table[reason], strict=True))


def test_wijkteam_support_starts_after_the_aanmelding_and_ends_after_it_starts(tables: dict[str, Table]) -> None:
    table = tables["wijkteam_contacten"]
    dates = zip(table["aanmelddatum"], table["startdatum"], table["einddatum"], strict=True)
    assert all(a <= s and (e == "" or s <= e) if s else e == "" for a, s, e in dates)
    waits = sorted(
        (date.fromisoformat(s) - date.fromisoformat(a)).days
        for a, s in zip(table["aanmelddatum"], table["startdatum"], strict=True)
        if s
    )
    assert 7 <= waits[len(waits) // 2] <= 70  # mostly 1–10 weeks


def test_every_buurt_is_a_kwb_2023_buurt(tables: dict[str, Table]) -> None:
    written = {code for table in tables.values() for code in table["buurt_code"]} - {""}
    assert written <= BUURTEN
    assert len(written) > 100


# --- persons ----------------------------------------------------------------------------------


WITH_BSN = ("jeugdhulp_trajecten", "wmo_voorzieningen", "bijstand_uitkeringen")


def test_bsns_pass_the_elfproef_with_the_demo_prefix(tables: dict[str, Table]) -> None:
    bsns = {bsn for source_id in WITH_BSN for bsn in tables[source_id]["bsn"]}
    assert bsns and all(bsn_valid(b) and b.startswith(BSN_PREFIX) for b in bsns)
    assert bsn_valid("111222333") and bsn_valid("123456782") and not bsn_valid("123456789")


def test_identities_are_unique_and_fixed() -> None:
    ids = Identities(SEED)
    persons = range(0, ids.capacity, 37)
    bsns = {ids.bsn(p) for p in persons}
    assert len(bsns) == len(persons) and all(bsn_valid(b) for b in bsns)
    assert ids.capacity > (KWB["GM0344"]["inwoners"] or 0)
    assert Identities(SEED).bsn(12345) == ids.bsn(12345) != Identities(SEED + 1).bsn(12345)
    assert len({ids.person(p) for p in range(5000)} | {ids.household(h) for h in range(5000)}) == 10_000


def test_one_bsn_is_one_person(tables: dict[str, Table]) -> None:
    """Across files a BSN never has two sexes, and its birth dates implied by start and age overlap."""
    sexes: dict[str, set[str]] = defaultdict(set)
    births: dict[str, tuple[str, str]] = {}
    for source_id in WITH_BSN:
        table = tables[source_id]
        for bsn, sex in zip(table["bsn"], table.get("geslacht", []), strict=False):
            if sex in ("man", "vrouw"):
                sexes[bsn].add(sex)
        for bsn, start, age in zip(table["bsn"], table["start"], table["leeftijd"], strict=True):
            earliest, latest = _born(start, int(age))
            low, high = births.get(bsn, (earliest, latest))
            births[bsn] = (max(low, earliest), min(high, latest))
    assert all(len(found) == 1 for found in sexes.values())
    assert all(low < high for low, high in births.values())


@functools.cache
def _born(start: str, age: int) -> tuple[str, str]:
    """The birth dates (yyyy-mm-dd, after the first, up to the second) of someone ``age`` on ``start``."""
    year = int(start[:4])
    return f"{year - age - 1}{start[4:]}", f"{year - age}{start[4:]}"


def test_stapeling_exists(tables: dict[str, Table]) -> None:
    jeugd = set(tables["jeugdhulp_trajecten"]["bsn"])
    assert len(jeugd & (set(tables["wmo_voorzieningen"]["bsn"]) | set(tables["bijstand_uitkeringen"]["bsn"]))) > 50
    households = [set(tables[s]["huishouden_id"]) - {""} for s in ("jeugdhulp_trajecten", "bijstand_uitkeringen")]
    assert len(households[0] & households[1]) > 100


# --- reproducible -----------------------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {path.stem: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.csv"))}


def test_the_same_seed_gives_the_same_bytes(runs: Runs) -> None:
    first = _digests(next(iter(runs.files.values())).parent)
    assert first == _digests(runs.same_seed)
    assert len(first) == len(MICRODATA)


def test_another_seed_gives_other_files(runs: Runs) -> None:
    first, other = _digests(next(iter(runs.files.values())).parent), _digests(runs.other_seed)
    assert sorted(other) == sorted(OTHER_SEED_FILES)
    assert all(first[key] != other[key] for key in other)


# --- plausible volumes ------------------------------------------------------------------------


def _pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def test_bijstand_follows_the_kwb_per_wijk(tables: dict[str, Table]) -> None:
    day = "2023-01-01"
    table = tables["bijstand_uitkeringen"]
    running = Counter("WK" + table["buurt_code"][i][2:8] for i in _running(table, day, day))
    wijken = sorted(code for code in KWB if code.startswith("WK") and KWB[code].get("bijstand_personen") is not None)
    published = [KWB[w]["bijstand_personen"] or 0.0 for w in wijken]
    assert len(wijken) == 10
    assert _pearson([float(running[w]) for w in wijken], published) > 0.9
    assert 0.8 < sum(running.values()) / (KWB["GM0344"]["bijstand_personen"] or 1) < 1.2


def test_about_one_in_ten_young_people_has_jeugdzorg(tables: dict[str, Table]) -> None:
    table = tables["jeugdhulp_trajecten"]
    young = {table["bsn"][i] for i in _running(table, "2023-01-01", "2023-12-31")}
    gemeente = KWB["GM0344"]
    population = (gemeente["leeftijd_0_14"] or 0) + 3 / 10 * (gemeente["leeftijd_15_24"] or 0)
    assert 0.07 < len(young) / population < 0.15


def test_new_trajecten_move_but_not_wildly(tables: dict[str, Table]) -> None:
    quarters = Counter(
        (start[:4], (int(start[5:7]) - 1) // 3)
        for start in tables["jeugdhulp_trajecten"]["start"]
        if START.isoformat() <= start
    )
    assert len(quarters) == 24
    mean = sum(quarters.values()) / len(quarters)
    assert len(set(quarters.values())) > 1
    assert all(abs(count - mean) <= 0.5 * mean for count in quarters.values())
