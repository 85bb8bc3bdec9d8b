"""Do the wijken and buurten add up to the gemeente? Compare, and explain why not.

CBS rounds wijk and buurt counts to multiples of 5 and leaves small areas empty
(geheimhouding), and counts some people in the gemeente without a known wijk or buurt.
So the sums differ from the gemeente total; the check says by how much, whether
rounding alone can explain it (each rounded area is at most 2 off, so n areas at most 2n),
and otherwise gives only the reasons that fit the direction: unassigned inhabitants and
suppressed areas make a sum *below* the total, never above it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from duiding.ingest.results import QualityFinding
from duiding.numbers import nl_number

ROUNDING = 2
"""The most a count rounded to a multiple of 5 can differ from the real count."""


@dataclass(frozen=True)
class TotalCheck:
    """One variable in one year at one level: the gemeente figure against the sum of its areas."""

    year: int
    variable: str
    level: str
    gemeente: float
    total: float
    areas: int
    missing: int
    """Areas of this level without a published figure (suppressed or not available)."""

    @property
    def difference(self) -> float:
        return self.total - self.gemeente

    @property
    def bound(self) -> int:
        """The most the rounding of the published areas can explain: 2 per area."""
        return ROUNDING * (self.areas - self.missing)

    @property
    def within_rounding(self) -> bool:
        return abs(self.difference) <= self.bound

    def sentence(self) -> str:
        plural = "wijken" if self.level == "wijk" else "buurten"
        published = self.areas - self.missing
        text = (
            f"{self.variable} {self.year}: gemeente {_number(self.gemeente)}, som van {published} "
            f"{plural} {_number(self.total)} (verschil {'+' if self.difference > 0 else ''}{_number(self.difference)}; "
            f"de afronding verklaart hooguit {_number(self.bound)})."
        )
        return f"{text} Verklaring: {'; '.join(self._reasons(plural))}."

    def _reasons(self, plural: str) -> list[str]:
        """Why the sum differs, for the direction it differs in: only what can explain that direction."""
        rounding = (
            f"CBS rondt elk gebied apart af op een vijftal, dus elk van de {self.areas - self.missing} {plural} "
            f"wijkt hooguit {ROUNDING} af en de som hooguit {_number(self.bound)}"
        )
        missing = f"{self.missing} {plural} zonder cijfer (door CBS geheimgehouden of niet beschikbaar)"
        if self.within_rounding:
            reasons = [f"het verschil past binnen de afronding: {rounding}"]
            return [*reasons, f"daarnaast {missing}"] if self.missing else reasons
        if self.difference > 0:
            return [
                f"de som ligt hoger dan het gemeentetotaal, en meer dan de afronding verklaart ({rounding})",
                "gebieden zonder cijfer of inwoners zonder wijk kunnen een som boven het totaal niet verklaren; "
                "CBS bepaalt dit cijfer per gebied waarschijnlijk anders dan voor de gemeente (bijvoorbeeld als "
                f"schatting of uit een percentage): vergelijk de {plural} met het totaal met voorzichtigheid",
            ]
        reasons = ["de som ligt lager dan het gemeentetotaal, en meer dan de afronding verklaart"]
        if self.missing:
            reasons.append(f"{missing} tellen alleen in het gemeentetotaal")
        reasons.append("inwoners die CBS niet aan een wijk of buurt kan toewijzen, tellen alleen in het gemeentetotaal")
        return reasons


def _number(value: float) -> str:
    """A whole number with Dutch thousands separators: 367.947, -1.205."""
    return nl_number(value, 0)


def totals_check(con: duckdb.DuckDBPyConnection, *, source_table: str) -> list[TotalCheck]:
    """Compare every count variable's gemeente value with the sums over wijken and over buurten."""
    rows = con.execute(
        f"""
        WITH g AS (
            SELECT year, variable, value FROM {source_table}
            WHERE level = 'gemeente' AND unit = 'aantal' AND value IS NOT NULL
        )
        SELECT g.year, g.variable, a.level, g.value, sum(a.value), count(*), count(*) - count(a.value)
        FROM g JOIN {source_table} a ON a.year = g.year AND a.variable = g.variable AND a.level IN ('wijk', 'buurt')
        GROUP BY g.year, g.variable, a.level, g.value
        ORDER BY g.year, g.variable, a.level DESC
        """  # noqa: S608 - source_table is a checked identifier
    ).fetchall()
    return [
        TotalCheck(int(year), variable, level, float(gemeente), float(total or 0), int(areas), int(missing))
        for year, variable, level, gemeente, total, areas, missing in rows
    ]


def totals_findings(checks: list[TotalCheck]) -> list[QualityFinding]:
    """A finding for every comparison that rounding alone does not explain, and one summary."""
    findings = [
        QualityFinding("totals", f"{c.variable} {c.year} ({c.level})", c.sentence())
        for c in checks
        if not c.within_rounding
    ]
    if checks:
        fitting = sum(c.within_rounding for c in checks)
        findings.insert(
            0,
            QualityFinding(
                "totals",
                "optelling",
                f"{fitting} van de {len(checks)} vergelijkingen van het gemeentetotaal met de som over wijken of "
                "buurten passen binnen de afronding van CBS op vijftallen; de andere staan hieronder met hun "
                "verklaring.",
            ),
        )
    return findings
