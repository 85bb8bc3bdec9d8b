"""A workspace is a folder: settings, definitions, the warehouse and the app database.

Layout (see docs/design.md)::

    duiding.toml        settings (gemeente, privacy thresholds)
    monitors/*.yaml     monitor definitions
    sources/*.yaml      source definitions
    warehouse.duckdb    analytic data: loads and observations
    duiding.sqlite3     app database (stories, sessions, users) unless DATABASE_URL is set
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from duiding.errors import WorkspaceError

SETTINGS_FILE = "duiding.toml"
DEFAULT_MIN_COUNT = 10


@dataclass(frozen=True)
class PrivacySettings:
    """Disclosure-control thresholds for everything that leaves the warehouse."""

    min_count: int = DEFAULT_MIN_COUNT
    """Counts (and the numerator or denominator of a ratio) below this are suppressed."""
    round_to: int = 1
    """Published counts are rounded to a multiple of this (5: as CBS does); 1 means not rounded."""


@dataclass(frozen=True)
class WorkspaceSettings:
    """What ``duiding.toml`` holds."""

    gemeente_code: str
    """CBS code of the municipality the workspace monitors, e.g. ``GM0344``."""
    gemeente_naam: str
    demo: bool = False
    """True only for a workspace made by ``duiding demo`` (simulated data, demo users)."""
    privacy: PrivacySettings = field(default_factory=PrivacySettings)

    def to_toml(self) -> dict[str, object]:
        return {
            "gemeente": {"code": self.gemeente_code, "naam": self.gemeente_naam},
            "demo": self.demo,
            "privacy": {"min_count": self.privacy.min_count, "round_to": self.privacy.round_to},
        }

    @classmethod
    def from_toml(cls, data: dict[str, object], path: Path) -> WorkspaceSettings:
        gemeente = data.get("gemeente")
        if not isinstance(gemeente, dict) or "code" not in gemeente or "naam" not in gemeente:
            raise WorkspaceError(f"{path}: sectie [gemeente] met 'code' en 'naam' ontbreekt.")
        privacy = data.get("privacy", {})
        if not isinstance(privacy, dict):
            raise WorkspaceError(f"{path}: [privacy] moet een tabel zijn.")
        min_count = privacy.get("min_count", DEFAULT_MIN_COUNT)
        if not isinstance(min_count, int) or min_count < 1:
            raise WorkspaceError(f"{path}: privacy.min_count moet een geheel getal ≥ 1 zijn.")
        round_to = privacy.get("round_to", 1)
        if not isinstance(round_to, int) or round_to < 1:
            raise WorkspaceError(f"{path}: privacy.round_to moet een geheel getal ≥ 1 zijn (5 rondt af zoals CBS).")
        return cls(
            gemeente_code=str(gemeente["code"]),
            gemeente_naam=str(gemeente["naam"]),
            demo=bool(data.get("demo", False)),
            privacy=PrivacySettings(min_count=min_count, round_to=round_to),
        )


@dataclass(frozen=True)
class Workspace:
    """An opened workspace folder."""

    root: Path
    settings: WorkspaceSettings

    @property
    def monitors_dir(self) -> Path:
        return self.root / "monitors"

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def warehouse_path(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def database_path(self) -> Path:
        return self.root / "duiding.sqlite3"


def workspace_create(*, root: Path, settings: WorkspaceSettings) -> Workspace:
    """Create (or update the settings of) a workspace folder."""
    root = root.resolve()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} bestaat al en is geen map.")
    for folder in (root, root / "monitors", root / "sources"):
        folder.mkdir(parents=True, exist_ok=True)
    (root / SETTINGS_FILE).write_text(tomli_w.dumps(settings.to_toml()), encoding="utf-8")
    return Workspace(root=root, settings=settings)


def workspace_open(root: Path) -> Workspace:
    """Open an existing workspace; a clear Dutch error if it is not one."""
    root = root.resolve()
    path = root / SETTINGS_FILE
    if not path.is_file():
        raise WorkspaceError(
            f"{root} is geen Duiding-werkruimte: {SETTINGS_FILE} ontbreekt. "
            "Maak er een met 'duiding demo' of 'duiding init'."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"{path}: geen geldig TOML-bestand ({exc}).") from exc
    return Workspace(root=root, settings=WorkspaceSettings.from_toml(data, path))
