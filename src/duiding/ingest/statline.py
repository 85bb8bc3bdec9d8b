"""Fetch tables from CBS StatLine (OData v3) as metadata plus raw rows keyed by OData key.

How a fetch runs (``statline_table_fetch``):

1. ``{base}/{table}/TableInfos`` — title, period and modification date of the table.
2. ``{base}/{table}/DataProperties`` — the columns: key, title, unit, data type, decimals.
3. With ``region_prefix``: the table's region dimension (``Type`` ``GeoDimension``, e.g.
   ``WijkenEnBuurten``) is filtered with ``startswith(WijkenEnBuurten,'GM0344') or …``, so only
   those regions travel, never the whole country.
4. ``{base}/{table}/{region dimension}`` — region names (``Key`` → ``Title``), same filter.
5. ``{base}/{table}/TypedDataSet`` — the rows, page after page along ``odata.nextLink``.

The default base is the *Feed* (``ODataFeed``): the *API* (``ODataApi``) refuses requests of
more than 10 000 cells, which one gemeente's KWB already exceeds (CBS, "StatLine als open data").
CBS pads codes and texts with spaces (``"GM0344    "``); every text is trimmed. A value CBS
did not publish is ``null`` in the TypedDataSet and ``.`` in its text form; both, and empty
texts, become ``None`` — never 0.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

from duiding.errors import LoadError
from duiding.ingest.kwb_variables import KWB_TABLE_IDS
from duiding.ingest.statline_http import StatlineOfflineError, odata_values

DEFAULT_BASE_URL = "https://opendata.cbs.nl/ODataFeed/odata"
DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for one response."""

ONLINE_FROM = 2019
"""The first KWB edition the OData client fetches (the editions its tests cover)."""
KWB_TABLES: dict[int, str] = {year: table for year, table in KWB_TABLE_IDS.items() if year >= ONLINE_FROM}
"""CBS table per edition of *Kerncijfers wijken en buurten* that ``duiding init --online`` fetches; the ids
of every edition are ``KWB_TABLE_IDS`` (each checked against ``https://www.cbs.nl/nl-nl/cijfers/detail/<id>``,
titled "Kerncijfers wijken en buurten <jaar>")."""

StatlineValue = str | int | float | None
"""A cell as CBS sent it: a trimmed text, a number, or None when CBS published nothing."""

MISSING_MARKERS = frozenset({"", "."})
"""Texts that mean 'no figure' (after trimming): CBS writes ``.`` for unknown or secret."""

_PREFIX = re.compile(r"^[A-Za-z0-9]+$")
_GEMEENTE = re.compile(r"^GM[0-9]{4}$")


@dataclass(frozen=True)
class StatlineColumn:
    """One entry of a table's DataProperties (topic groups, which have no key, are left out)."""

    key: str
    """OData key as used in the rows, e.g. ``AantalInwoners_5``."""
    title: str
    kind: str
    """``Topic``, ``Dimension``, ``GeoDimension``, ``TimeDimension`` or ``GeoDetail``."""
    unit: str | None = None
    datatype: str | None = None
    """``Long``, ``Double``, ``String`` …; None for dimensions."""
    decimals: int | None = None


@dataclass(frozen=True)
class StatlineTable:
    """A fetched table: what it is, its columns and its rows (column key → value)."""

    table_id: str
    title: str
    period: str | None
    modified: str | None
    """When CBS last changed the figures, as CBS writes it (``2020-06-30T02:00:00``)."""
    columns: tuple[StatlineColumn, ...]
    rows: tuple[dict[str, StatlineValue], ...]
    region_titles: dict[str, str]
    """Region code → name from the region dimension; empty when the table has none."""
    source_url: str
    """The table's address, for the load record."""
    region_filter: str | None = None
    """The ``$filter`` sent, so a reader can see what was asked."""

    @property
    def row_keys(self) -> tuple[str, ...]:
        """Every key that occurs in the rows, in first-seen order (the header of a CSV export)."""
        return tuple(dict.fromkeys(key for row in self.rows for key in row))


def statline_table_fetch(
    table_id: str,
    *,
    region_prefix: str | tuple[str, ...] | None = None,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = DEFAULT_TIMEOUT,
) -> StatlineTable:
    """Fetch table ``table_id``; with ``region_prefix`` only regions whose code starts with it."""
    if not _PREFIX.match(table_id):
        raise LoadError(f"Ongeldige CBS-tabelcode '{table_id}': alleen letters en cijfers, bijvoorbeeld 84583NED.")
    table_url = f"{base_url.rstrip('/')}/{table_id}"
    infos = odata_values(f"{table_url}/TableInfos", {}, timeout=timeout)
    if not infos:
        raise LoadError(f"CBS-tabel {table_id}: geen tabelgegevens (TableInfos) ontvangen.")
    info = infos[0]
    columns = _columns(odata_values(f"{table_url}/DataProperties", {}, timeout=timeout))
    geo = next((c.key for c in columns if c.kind == "GeoDimension"), None)
    prefixes = _prefixes(region_prefix)
    if prefixes and geo is None:
        raise LoadError(f"CBS-tabel {table_id} heeft geen regio-indeling; filteren op regio kan niet.")
    region_filter = _startswith_filter(geo, prefixes) if geo and prefixes else None
    region_titles: dict[str, str] = {}
    if geo is not None:
        key_filter = {"$filter": _startswith_filter("Key", prefixes)} if prefixes else {}
        for entry in odata_values(f"{table_url}/{geo}", key_filter, timeout=timeout):
            region_titles[_text(entry.get("Key")) or ""] = _text(entry.get("Title")) or ""
    params = {"$filter": region_filter} if region_filter else {}
    raw = odata_values(f"{table_url}/TypedDataSet", params, timeout=timeout)
    rows = tuple(_row(entry, table_id, number) for number, entry in enumerate(raw, start=1))
    if geo is not None and prefixes:  # the service filters; this keeps the promise if it did not
        rows = tuple(row for row in rows if str(row.get(geo) or "").startswith(prefixes))
    return StatlineTable(
        table_id=table_id,
        title=_text(info.get("Title")) or table_id,
        period=_text(info.get("Period")),
        modified=_text(info.get("Modified")),
        columns=columns,
        rows=rows,
        region_titles=region_titles,
        source_url=table_url,
        region_filter=region_filter,
    )


def kwb_statline_fetch(
    year: int,
    *,
    gemeente_code: str,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = DEFAULT_TIMEOUT,
) -> StatlineTable:
    """KWB edition ``year`` for one gemeente: its own row, wijken and buurten.

    Rows carry the OData keys of that edition plus ``jaar`` and ``regio_naam``, like the
    OData CSV files CBS users download (``kwb_2019_utrecht_odata.csv``).
    """
    table_id = KWB_TABLES.get(year)
    if table_id is None:
        known = f"{min(KWB_TABLES)}–{max(KWB_TABLES)}"
        raise LoadError(
            f"Voor KWB-jaar {year} kent Duiding geen CBS-tabel (wel voor {known}). "
            "Download de KWB-bestanden zelf en gebruik --kwb (duiding init)."
        )
    code = gemeente_code.strip().upper()
    if not _GEMEENTE.match(code):
        raise LoadError(f"Ongeldige gemeentecode '{gemeente_code}': verwacht GM en vier cijfers, bijvoorbeeld GM0344.")
    number = code[2:]
    try:
        table = statline_table_fetch(
            table_id, region_prefix=(code, f"WK{number}", f"BU{number}"), base_url=base_url, timeout=timeout
        )
    except StatlineOfflineError as exc:
        raise StatlineOfflineError(f"{exc} Download de KWB-bestanden zelf en gebruik --kwb (duiding init).") from exc
    if not table.rows:
        raise LoadError(f"CBS-tabel {table_id} (KWB {year}) bevat geen gebieden van {code}. Bestond de gemeente toen?")
    geo = next(c.key for c in table.columns if c.kind == "GeoDimension")
    rows = tuple({"jaar": year, **row, "regio_naam": table.region_titles.get(str(row.get(geo)))} for row in table.rows)
    return dataclasses.replace(table, rows=rows)


def _columns(properties: list[dict[str, object]]) -> tuple[StatlineColumn, ...]:
    columns = []
    for prop in properties:
        key = _text(prop.get("Key"))
        if key is None:  # a TopicGroup: a heading above topics, not a column
            continue
        kind = _text(prop.get("Type")) or (_text(prop.get("odata.type")) or "").rsplit(".", 1)[-1]
        decimals = prop.get("Decimals")
        columns.append(
            StatlineColumn(
                key=key,
                title=_text(prop.get("Title")) or key,
                kind=kind,
                unit=_text(prop.get("Unit")),
                datatype=_text(prop.get("Datatype")),
                decimals=decimals if isinstance(decimals, int) and not isinstance(decimals, bool) else None,
            )
        )
    return tuple(columns)


def _row(entry: dict[str, object], table_id: str, number: int) -> dict[str, StatlineValue]:
    return {key: _value(value, table_id, number, key) for key, value in entry.items()}


def _value(value: object, table_id: str, number: int, key: str) -> StatlineValue:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return None if text in MISSING_MARKERS else text
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None if isinstance(value, float) and math.isnan(value) else value
    raise LoadError(f"CBS-tabel {table_id}, rij {number}, kolom {key}: onverwachte waarde {value!r}.")


def _text(value: object) -> str | None:
    """A trimmed, non-empty text, or None."""
    return value.strip() or None if isinstance(value, str) else None


def _prefixes(region_prefix: str | tuple[str, ...] | None) -> tuple[str, ...]:
    prefixes = (region_prefix,) if isinstance(region_prefix, str) else tuple(region_prefix or ())
    for prefix in prefixes:
        if not _PREFIX.match(prefix):
            raise LoadError(f"Ongeldig regio-begin '{prefix}': alleen letters en cijfers, bijvoorbeeld GM0344.")
    return prefixes


def _startswith_filter(column: str, prefixes: tuple[str, ...]) -> str:
    return " or ".join(f"startswith({column},'{prefix}')" for prefix in prefixes)
