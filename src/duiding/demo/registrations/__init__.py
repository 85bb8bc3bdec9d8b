"""Simulated registrations for the Utrecht demo, written as the CSV files a gemeente delivers.

The simulation follows numbered steps, each in its own module:

1. ``kwb``: read the buurt figures of the KWB edition (inhabitants by age, households, bijstand);
2. ``population``: a synthetic population per buurt with birth dates, sexes and households;
3. ``bijstand``: uitkeringen whose stock on 1 January 2023 follows the KWB per buurt;
4. ``jeugd``, ``wmo``, ``wijkteam``: flows of new trajecten, voorzieningen and aanmeldingen with a
   trend, seasons and noise, drawing people from the population (bijstand households more
   often, so the same person turns up in several registrations: stapeling);
5. ``vve``: every toddler on the peildatum; ``ervaring``: a yearly survey of the clients of step 4;
   ``scholen``: a weekly inloop on about sixty schools;
6. ``writer``: one CSV per source in the column order of its definition.

Every figure used is a named constant in ``assumptions`` with where it comes from. The same seed
gives byte-identical files. The data is simulated: no row describes a real person.

BSNs pass the elfproef and start with ``assumptions.BSN_PREFIX`` (``99``). The RvIG test range
(``9999…``) holds only 9,091 valid numbers, too few for one BSN per person at realistic
volumes (about 95,000 people appear in the jeugd, Wmo and bijstand files). A number outside
``9999…`` could in principle be a real person's BSN; no row carries data about anyone real.

Rows may start before the window (up to ten years for bijstand, eight for Wmo, six for jeugd): they
are the uitkeringen, voorzieningen and trajecten still running on its first day. A monitor
over these files should set its periods to the window.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from duiding.definitions.models import SourceKind
from duiding.definitions.sources import Source
from duiding.demo.registrations.assumptions import KWB_YEAR
from duiding.demo.registrations.bijstand import bijstand_rows
from duiding.demo.registrations.context import Context, Row
from duiding.demo.registrations.ervaring import ervaring_rows
from duiding.demo.registrations.identity import Identities
from duiding.demo.registrations.jeugd import jeugd_rows
from duiding.demo.registrations.kwb import kwb_read
from duiding.demo.registrations.population import population_build
from duiding.demo.registrations.scholen import school_rows
from duiding.demo.registrations.vve import vve_rows
from duiding.demo.registrations.wijkteam import wijkteam_rows
from duiding.demo.registrations.wmo import wmo_rows
from duiding.demo.registrations.writer import rows_write

SIMULATIONS: dict[str, Callable[[Context], list[Row]]] = {
    "bijstand_uitkeringen": bijstand_rows,
    "jeugdhulp_trajecten": jeugd_rows,
    "wmo_voorzieningen": wmo_rows,
    "wijkteam_contacten": wijkteam_rows,
    "vve_deelname": vve_rows,
    "clientervaring": ervaring_rows,
    "school_inloop": school_rows,
}
"""The simulated sources in the order they run (later ones read what earlier ones recorded)."""
NEEDS: dict[str, tuple[str, ...]] = {
    "jeugdhulp_trajecten": ("bijstand_uitkeringen",),
    "wmo_voorzieningen": ("bijstand_uitkeringen",),
    "wijkteam_contacten": ("bijstand_uitkeringen",),
    "vve_deelname": ("bijstand_uitkeringen",),
    "clientervaring": ("jeugdhulp_trajecten", "wmo_voorzieningen", "wijkteam_contacten"),
}
"""What each simulation reads from others (who had bijstand; who were clients)."""


def _closure(wanted: set[str]) -> set[str]:
    found, todo = set(), list(wanted)
    while todo:
        if (name := todo.pop()) not in found:
            found.add(name)
            todo += NEEDS.get(name, ())
    return found


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: the simulation makes millions of small objects, no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def demo_registrations_write(
    folder: Path,
    *,
    sources: Mapping[str, Source],
    kwb: Path,
    seed: int = 2024,
    start: date = date(2019, 1, 1),
    end: date = date(2024, 12, 31),
) -> dict[str, Path]:
    """Write ``<source_id>.csv`` in ``folder`` for every microdata source in ``sources``; paths by id.

    Only the simulations these files need run. Each has its own random stream and persons'
    identities are fixed functions of the seed, so a file does not depend on which other files
    are written. Aggregate sources (the CBS tables) are skipped.
    """
    if end < start:
        raise ValueError(f"einddatum {end} ligt voor begindatum {start}")
    wanted = {key: s for key, s in sources.items() if s.kind is SourceKind.MICRODATA}
    unknown = sorted(set(wanted) - set(SIMULATIONS))
    if unknown:
        raise ValueError(f"geen simulatie voor bron(nen): {', '.join(unknown)}")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    with _without_gc():
        population = population_build(kwb_read(kwb, year=KWB_YEAR), Context.stream(seed, "population"))
        ctx = Context(seed=seed, population=population, start=start, end=end, ids=Identities(seed))
        needed = _closure(set(wanted))
        for source_id, simulate in SIMULATIONS.items():
            if source_id not in needed:
                continue
            rows = simulate(ctx)
            if source_id in wanted:
                written[source_id] = rows_write(folder / f"{source_id}.csv", wanted[source_id], rows)
    return written
