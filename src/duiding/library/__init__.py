"""The standard monitor library ("standaardmonitor") that ships with Duiding.

Five ready-made monitors — ``jeugd``, ``wmo``, ``participatie``, ``onderwijs``
(onderwijsachterstanden: VVE) and ``wijkteam`` — and the sources they read, as the same
YAML definitions a workspace holds. A municipality copies what it needs into its own
workspace and fills the registrations with its own data.

The indicators are modelled on the Gemeentelijke Monitor Sociaal Domein (GMSD, VNG and CBS)
and on CBS definitions (Kerncijfers wijken en buurten, Beleidsinformatie Jeugd, Monitor
Wmo-maatwerkarrangementen, Bijstandsuitkeringenstatistiek): every definition says who is
counted, in which population and at which moment, and where it departs from CBS.

``cbs_kwb`` is the published CBS table; the other sources are registrations of the
municipality itself (``simulated: false``: definitions, not data).
"""

from __future__ import annotations

from pathlib import Path

from duiding.definitions import Monitor, Source, monitors_load, sources_load

LIBRARY = Path(__file__).parent
"""The folder holding ``monitors/*.yaml`` and ``sources/*.yaml``."""


def library_monitors() -> dict[str, Monitor]:
    """The library's monitors, by id."""
    return monitors_load(LIBRARY / "monitors")


def library_sources() -> dict[str, Source]:
    """The sources the library's monitors read, by id."""
    return sources_load(LIBRARY / "sources")
