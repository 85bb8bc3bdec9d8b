"""A figure CBS did not publish stays missing through the engine: never zero."""

from __future__ import annotations

from duiding.privacy import observation_list
from duiding.workspace import Workspace
from tests.conftest import cbs_2023_rows


def test_unpublished_cbs_values_are_missing_not_zero(demo_workspace: Workspace) -> None:
    cbs = cbs_2023_rows()
    unpublished = {code for code, row in cbs.items() if row["a_soz_wb"].strip() in {"", "."}}
    assert unpublished, "the 2023 release has buurten without a bijstand figure"
    observations = {
        o.area_code: o
        for o in observation_list(demo_workspace, monitor="participatie", indicator="bijstand_per_1000")
        if o.period_start.year == 2023
    }
    for code in unpublished:
        observation = observations[code]
        assert observation.value is None
        assert observation.numerator is None
        inhabitants = int(cbs[code]["a_inw"])
        # a population under 10 is itself withheld; otherwise the cell is simply missing
        assert observation.suppressed is (inhabitants < 10)
        assert observation.missing is (inhabitants >= 10)
    assert any(observations[code].missing for code in unpublished)


def test_only_years_with_benefit_figures_have_values(demo_workspace: Workspace) -> None:
    """KWB 2019, 2021 and 2024 in the demo hold no benefit variables: no values, no rows."""
    years = {
        o.period_start.year
        for o in observation_list(demo_workspace, monitor="participatie", indicator="bijstand_per_1000")
    }
    assert years == {2023}
