"""Protected observations: what may be shown or exported, with small cells suppressed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import duckdb

from duiding.definitions import monitors_load
from duiding.definitions.models import CountFormula
from duiding.errors import DuidingError
from duiding.privacy.protect import monitor_observation_rows, monitor_patterns, monitor_protection_inputs
from duiding.privacy.rules import PrimaryRule, count_round, indicator_min_count, ratio_per
from duiding.warehouse import (
    MONITOR_OBSERVATION_KEY,
    OBSERVATION_COLUMNS,
    ORIGIN_PUBLISHED,
    TOTAL,
    observation_key_join,
    observation_key_order,
    warehouse_connect,
    warehouse_transaction,
)
from duiding.workspace import Workspace

SUPPRESSED_MARK = "•"
SUPPRESSION_EXPLANATION = (
    "niet getoond ter bescherming van privacy: het cijfer rust op minder dan {min_count} personen, "
    "of met het cijfer zou zo'n klein cijfer terug te rekenen zijn"
)
"""One mark and one explanation for every withheld cell, primary or secondary (as CBS does): telling
them apart would tell an attacker which cells hold fewer than ``min_count`` persons."""

_FIELDS = tuple(column for column in OBSERVATION_COLUMNS if column != "computed_at")
_JOIN = f"observations o LEFT JOIN intervals i ON {observation_key_join('i', 'o')} AND i.computed_at = o.computed_at"
_ORDER = observation_key_order("o")


def _source(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """``(select list, from clause)`` of observations with the intervals the analysis layer worked
    out from their protected figures (only those of the same compute). A warehouse written by an
    older version, opened read-only, may lack the intervals table or the spread column."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'observations'"
        ).fetchall()
    }
    joined = "intervals" in tables
    chosen = []
    for field in _FIELDS:
        if field in ("ci_low", "ci_high") and joined:
            chosen.append(f"i.{field}")
        elif field in columns:
            chosen.append(f"o.{field}")
        else:
            chosen.append(f"NULL AS {field}")
    return ", ".join(chosen), _JOIN if joined else "observations o"


@dataclass(frozen=True)
class ProtectedObservation:
    """One observation as it may leave the warehouse (see docs/design.md, export columns)."""

    monitor: str
    indicator: str
    period_start: date
    period_end: date
    area_level: str
    area_code: str
    area_name: str
    breakdown: str
    breakdown_value: str
    numerator: float | None
    denominator: float | None
    value: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool
    """True when disclosure control withheld the figures; they are then all None."""
    reason: str = ""
    """Why: ``primary`` (too few persons) or ``secondary`` (it would give a small cell away)."""
    spread: float | None = None
    """Sample standard deviation of the values a mean rests on (for its interval); None otherwise."""
    load_ids: str = ""
    """Lineage: the loads (comma-separated ids) the figure was computed from."""
    origin: str | None = None
    """For a rate with the publisher's own ratio: ``cbs`` (that ratio is the value) or ``berekend``
    (none was published; computed from numerator and denominator). None for every other figure."""

    @property
    def missing(self) -> bool:
        """No figure and not because of suppression: the source did not publish it."""
        return self.value is None and not self.suppressed


@dataclass(frozen=True)
class _Rule:
    primary: PrimaryRule
    round_to: int
    """Round published counts to a multiple of this (1: not)."""
    value_is_count: bool
    """The value is the count itself (a count indicator): it is rounded with it."""
    per: float | None = None
    """The value is numerator / denominator × ``per``: with rounding, it is computed from the
    rounded counts, so it tells nothing the rounded counts do not (an exact ratio beside rounded
    counts would give the exact counts back)."""

    def suppresses(self, numerator: float | None, denominator: float | None) -> bool:
        return self.primary.suppresses(numerator, denominator)


def _rule(workspace: Workspace, monitor: str, indicator: str | None) -> dict[str, _Rule]:
    definition = monitors_load(workspace.monitors_dir).get(monitor)
    if definition is None:
        return {}
    return {
        ind.id: _Rule(
            PrimaryRule(min_count=indicator_min_count(workspace, ind, definition)),
            workspace.settings.privacy.round_to,
            isinstance(ind.formula, CountFormula),
            ratio_per(ind),
        )
        for ind in definition.indicators
        if indicator is None or ind.id == indicator
    }


def observation_list(
    workspace: Workspace,
    *,
    monitor: str,
    indicator: str | None = None,
    area_level: str | None = None,
    period_start: date | None = None,
    solve: bool = True,
) -> list[ProtectedObservation]:
    """Observations of a monitor after disclosure control, ordered by indicator, period, area.

    ``solve=False`` (pages): never run the suppression solver; see ``suppression_pattern``."""
    rules = _rule(workspace, monitor, indicator)
    query = "SELECT {select} FROM {source} WHERE o.monitor = ?"
    params: list[object] = [monitor]
    for column, wanted in (("indicator", indicator), ("area_level", area_level), ("period_start", period_start)):
        if wanted is not None:
            query += f" AND o.{column} = ?"
            params.append(wanted)
    query += f" ORDER BY {_ORDER}"
    if not workspace.warehouse_path.exists():
        return []
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        select, source = _source(con)
        rows = con.execute(query.format(select=select, source=source), params).fetchall()
    finally:
        con.close()
    pattern = suppression_pattern(
        workspace, monitor=monitor, indicator=indicator, period_start=period_start, solve=solve
    )
    protected = []
    for row in rows:
        observation = _protect(
            ProtectedObservation(**dict(zip(_FIELDS, row, strict=True)), suppressed=False), rules, pattern
        )
        if observation is not None:
            protected.append(observation)
    return protected


Pattern = dict[tuple[str, date, str, str, str], str]
"""(indicator, period_start, area_code, breakdown, breakdown_value) → primary or secondary."""


class ProtectionPending(DuidingError):
    """The stored pattern does not belong to the current figures, and the reader may not work it
    out itself (a page: the suppression solver never runs inside a request)."""


PENDING_MESSAGE = (
    "De cijfers van deze monitor worden bijgewerkt: de privacybeveiliging van de nieuwe cijfers is nog "
    "niet klaar. Probeer het over een paar minuten opnieuw."
)


def suppression_pattern(
    workspace: Workspace,
    *,
    monitor: str,
    indicator: str | None = None,
    period_start: date | None = None,
    solve: bool = True,
) -> Pattern:
    """The withheld cells of a monitor: stored by ``protection_compute`` when it belongs to the
    current observations, else worked out now (so nothing is ever shown unprotected) — or, with
    ``solve=False``, ``ProtectionPending`` is raised instead."""
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        computed, protected = con.execute(
            "SELECT (SELECT max(computed_at) FROM observations WHERE monitor = ?), "
            "(SELECT max(computed_at) FROM protections WHERE monitor = ?)",
            [monitor, monitor],
        ).fetchall()[0]
        if computed is None:
            return {}  # no figures, nothing to withhold
        if computed == protected:
            query = "SELECT indicator, period_start, area_code, breakdown, breakdown_value, reason FROM suppressions "
            query += "WHERE monitor = ?"
            params: list[object] = [monitor]
            for column, wanted in (("indicator", indicator), ("period_start", period_start)):
                if wanted is not None:
                    query += f" AND {column} = ?"
                    params.append(wanted)
            return {tuple(r[:5]): r[5] for r in con.execute(query, params).fetchall()}
    finally:
        con.close()
    if not solve:
        raise ProtectionPending(PENDING_MESSAGE)
    inputs = monitor_protection_inputs(workspace, monitor)
    linked = inputs.linked(indicator) if indicator is not None else None  # shared counts: protected together
    rows, _ = monitor_observation_rows(workspace, monitor, linked, period_start)
    return {
        (ind, start, *key): reason
        for (ind, start), found in monitor_patterns(
            rows, rules=inputs.rules, counts=inputs.counts, keys=inputs.keys
        ).items()
        if indicator is None or ind == indicator
        for key, reason in found.items()
    }


def _protect(
    observation: ProtectedObservation, rules: dict[str, _Rule], pattern: Pattern
) -> ProtectedObservation | None:
    """The observation with small cells suppressed; None when its indicator has no definition."""
    rule = rules.get(observation.indicator)
    if rule is None:
        return None  # no definition, no rule: never shown
    key = tuple(getattr(observation, column) for column in MONITOR_OBSERVATION_KEY)
    reason = "primary" if rule.suppresses(observation.numerator, observation.denominator) else pattern.get(key, "")
    if reason:
        return replace(
            observation,
            numerator=None,
            denominator=None,
            value=None,
            ci_low=None,
            ci_high=None,
            spread=None,
            suppressed=True,
            reason=reason,
        )
    if rule.round_to > 1:
        numerator = count_round(observation.numerator, rule.round_to)
        denominator = count_round(observation.denominator, rule.round_to)
        value = numerator if rule.value_is_count else observation.value
        if rule.per is not None and observation.origin != ORIGIN_PUBLISHED and value is not None:
            # the ratio of the published counts; a ratio the publisher itself published stays
            value = numerator / denominator * rule.per if numerator is not None and denominator else None
        return replace(observation, numerator=numerator, denominator=denominator, value=value)
    return observation


def observation_latest(
    workspace: Workspace, *, monitor: str, area_level: str = "gemeente", solve: bool = True
) -> dict[str, ProtectedObservation]:
    """Per indicator, the protected total for ``area_level`` in its latest period with figures.

    One query for a whole monitor, for overview pages.
    """
    if not workspace.warehouse_path.exists():
        return {}
    rules = _rule(workspace, monitor, None)
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        select, source = _source(con)
        rows = con.execute(
            f"""
            WITH latest AS (
                SELECT indicator, max_by(period_start, period_start) AS period_start,
                       max_by(period_end, period_start) AS period_end
                FROM observations WHERE monitor = ? AND value IS NOT NULL GROUP BY indicator
            )
            SELECT {select} FROM {source}
            JOIN latest l ON l.indicator = o.indicator AND l.period_start = o.period_start
                AND l.period_end = o.period_end
            WHERE o.monitor = ? AND o.area_level = ? AND o.breakdown = '{TOTAL}'
            """,  # noqa: S608 - only constant field names are formatted in
            [monitor, monitor, area_level],
        ).fetchall()
    finally:
        con.close()
    pattern = suppression_pattern(workspace, monitor=monitor, solve=solve)
    found = {}
    for row in rows:
        observation = _protect(
            ProtectedObservation(**dict(zip(_FIELDS, row, strict=True)), suppressed=False), rules, pattern
        )
        if observation is not None:
            found[observation.indicator] = observation
    return found


def observation_stamp(workspace: Workspace, *, monitor: str) -> datetime | None:
    """When the current observations of ``monitor`` were computed (None: never)."""
    if not workspace.warehouse_path.exists():
        return None
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        found = con.execute("SELECT max(computed_at) FROM observations WHERE monitor = ?", [monitor]).fetchall()
    finally:
        con.close()
    return found[0][0] if found else None


def observation_periods(workspace: Workspace, *, monitor: str, indicator: str) -> list[tuple[date, date]]:
    """The periods (start, end) an indicator has figures for, newest first."""
    if not workspace.warehouse_path.exists():
        return []
    con = warehouse_connect(workspace.warehouse_path, read_only=True)
    try:
        rows = con.execute(
            "SELECT DISTINCT period_start, period_end FROM observations WHERE monitor = ? AND indicator = ? "
            "AND value IS NOT NULL ORDER BY period_start DESC, period_end DESC",
            [monitor, indicator],
        ).fetchall()
    finally:
        con.close()
    return [(row[0], row[1]) for row in rows]


def observation_list_unprotected(
    workspace: Workspace, *, monitor: str, purpose: str, user: str
) -> list[ProtectedObservation]:
    """All observations of a monitor WITHOUT disclosure control, for the analist's quality control.

    Every call is recorded in ``disclosure_log`` (when, who, which monitor, why) before any
    figure is read; without a stated purpose nothing is returned.
    """
    if len(purpose.strip()) < 10:
        raise DuidingError(
            "Onbeschermde cijfers alleen met een reden van minstens tien tekens (bijvoorbeeld "
            "'controle levering aanbieder X maart'); die reden wordt vastgelegd."
        )
    if monitor not in monitors_load(workspace.monitors_dir):
        raise DuidingError(f"Onbekende monitor '{monitor}'.")
    with warehouse_transaction(workspace.warehouse_path) as con:
        con.execute(
            "INSERT INTO disclosure_log VALUES (?, ?, ?, ?)",
            [datetime.now(UTC).replace(tzinfo=None), user, monitor, purpose.strip()],
        )
        select, source = _source(con)
        rows = con.execute(
            f"SELECT {select} FROM {source} WHERE o.monitor = ? "  # noqa: S608 - constant field names
            f"ORDER BY {_ORDER}",
            [monitor],
        ).fetchall()
    return [ProtectedObservation(**dict(zip(_FIELDS, row, strict=True)), suppressed=False) for row in rows]
