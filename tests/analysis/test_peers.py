"""Peer groups checked against an independent numpy/scipy calculation on the real CBS file."""

from __future__ import annotations

import csv
import statistics

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from duiding.analysis.peers import (
    PEER_COUNT,
    PEER_VARIABLES,
    REFERENCE_FILE,
    REFERENCE_YEAR,
    PeerGroup,
    peer_group,
    peer_position,
)
from duiding.ingest.kwb_raw import KWB_VARIABLES

BIJSTAND = "aantal_personen_met_een_algemene_bijstandsuitkering_totaal"
UTRECHT, ALMERE = "GM0344", "GM0034"


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as file:
        return {r["gemeentecode"]: r for r in csv.DictReader(file)}


@pytest.fixture(scope="module")
def utrecht() -> PeerGroup:
    group = peer_group(UTRECHT)
    assert group is not None
    return group


def _expected_peers(rows: dict[str, dict[str, str]], code: str, k: int) -> list[tuple[str, float]]:
    """The k nearest gemeenten, computed here with numpy and scipy (no code shared with peers.py)."""
    codes = sorted(rows)
    inhabitants = np.array([float(rows[c]["aantal_inwoners"]) for c in codes])
    matrix = np.column_stack(
        [
            np.log10(inhabitants),
            [float(rows[c]["stedelijkheid_adressen_per_km2"]) for c in codes],
            [float(rows[c]["percentage_personen_0_tot_15_jaar"]) for c in codes],
            [float(rows[c]["percentage_personen_65_jaar_en_ouder"]) for c in codes],
            np.array([float(rows[c][BIJSTAND]) for c in codes]) / inhabitants * 1000,
        ]
    )
    z = (matrix - matrix.mean(axis=0)) / matrix.std(axis=0, ddof=0)
    own = codes.index(code)
    distances = cdist(z[own : own + 1], z, metric="euclidean")[0]
    order = sorted((d, c) for c, d in zip(codes, distances, strict=True) if c != code)
    return [(c, float(d)) for d, c in order[:k]]


def test_shipped_reference_has_every_feature(rows: dict[str, dict[str, str]]) -> None:
    assert len(rows) == 393
    for row in rows.values():  # so the independent calculation needs no missing-value handling
        for column in ("aantal_inwoners", "stedelijkheid_adressen_per_km2", BIJSTAND):
            assert float(row[column]) >= 0
        assert float(row["aantal_inwoners"]) > 0
    assert rows[ALMERE]["personenautos_per_km2"] == "-99999999"  # the sentinel the module must treat as missing


def test_utrecht_matches_the_independent_calculation(rows: dict[str, dict[str, str]], utrecht: PeerGroup) -> None:
    expected = _expected_peers(rows, UTRECHT, PEER_COUNT)
    assert [p.code for p in utrecht.peers] == [c for c, _ in expected]
    assert [p.distance for p in utrecht.peers] == pytest.approx([d for _, d in expected], rel=1e-9)
    assert [p.rank for p in utrecht.peers] == list(range(1, PEER_COUNT + 1))
    assert [p.name for p in utrecht.peers] == [rows[c]["gemeentenaam"] for c, _ in expected]
    assert (utrecht.gemeente_code, utrecht.gemeente_name, utrecht.year) == (UTRECHT, "Utrecht", REFERENCE_YEAR)


def test_utrecht_features_are_its_own_values(rows: dict[str, dict[str, str]], utrecht: PeerGroup) -> None:
    own = rows[UTRECHT]
    values = {f.key: f.value for f in utrecht.features}
    assert values == {
        "inwoners_log": 334176,  # shown untransformed
        "stedelijkheid": 1,
        "pct_0_14": 17,
        "pct_65plus": 10,
        "bijstand_per_1000": pytest.approx(int(own[BIJSTAND]) / int(own["aantal_inwoners"]) * 1000),
    }


def test_utrecht_peers_are_large_and_strongly_urban(rows: dict[str, dict[str, str]], utrecht: PeerGroup) -> None:
    for peer in utrecht.peers:
        row = rows[peer.code]
        assert int(row["stedelijkheid_adressen_per_km2"]) <= 2, peer.name
        assert int(row["aantal_inwoners"]) > 50_000, peer.name
    assert {"Almere", "Amsterdam", "Eindhoven", "Tilburg"} <= {p.name for p in utrecht.peers}


def test_almere_gets_a_group_of_sizeable_gemeenten(rows: dict[str, dict[str, str]]) -> None:
    group = peer_group(ALMERE)
    assert group is not None
    assert [p.code for p in group.peers] == [c for c, _ in _expected_peers(rows, ALMERE, PEER_COUNT)]
    assert UTRECHT in {p.code for p in group.peers}
    for peer in group.peers:
        assert int(rows[peer.code]["aantal_inwoners"]) > 50_000, peer.name
        assert int(rows[peer.code]["stedelijkheid_adressen_per_km2"]) <= 3, peer.name


def test_unknown_code_and_other_k(rows: dict[str, dict[str, str]]) -> None:
    assert peer_group("GM9999") is None
    assert peer_group("Utrecht") is None
    three = peer_group(UTRECHT, k=3)
    assert three is not None
    assert [p.code for p in three.peers] == [c for c, _ in _expected_peers(rows, UTRECHT, 3)]
    with pytest.raises(ValueError):
        peer_group(UTRECHT, k=0)


def test_bijstand_position_among_peers(rows: dict[str, dict[str, str]], utrecht: PeerGroup) -> None:
    position = peer_position(utrecht, numerator="bijstand_personen", denominator="inwoners", per=1000)
    assert position is not None
    assert position.value == pytest.approx(10670 / 334176 * 1000)  # bijstand and inhabitants of Utrecht, 2015
    peers = {p.code: int(rows[p.code][BIJSTAND]) / int(rows[p.code]["aantal_inwoners"]) * 1000 for p in utrecht.peers}
    assert [c for c, _, _ in position.peer_values] == sorted(peers, key=peers.__getitem__)
    assert [v for _, _, v in position.peer_values] == pytest.approx(sorted(peers.values()))
    assert position.rank == 1 + sum(v > position.value for v in peers.values())
    assert position.of == PEER_COUNT + 1
    assert position.median == pytest.approx(statistics.median(peers.values()))
    assert (position.low, position.high) == (pytest.approx(min(peers.values())), pytest.approx(max(peers.values())))
    assert position.year == REFERENCE_YEAR


def test_unknown_variable_gives_none(utrecht: PeerGroup) -> None:
    assert peer_position(utrecht, numerator="bestaat_niet", denominator="inwoners", per=1000) is None
    assert peer_position(utrecht, numerator="bijstand_personen", denominator="bestaat_niet", per=1000) is None


def test_variables_map_to_columns_of_the_file_and_to_duiding_names(rows: dict[str, dict[str, str]]) -> None:
    columns = set(next(iter(rows.values())))
    assert set(PEER_VARIABLES.values()) <= columns
    assert set(PEER_VARIABLES) <= {v.name for v in KWB_VARIABLES}
    assert PEER_VARIABLES["aow_uitkering_personen"] == "aantal_personen_met_een_aow_uitkering_totaal"


def test_method_names_every_feature_the_year_and_the_source(utrecht: PeerGroup) -> None:
    for feature in utrecht.features:
        assert feature.label in utrecht.method
    assert str(REFERENCE_YEAR) in utrecht.method
    assert "Bron: CBS, Kerncijfers wijken en buurten 2015 (CC BY 4.0)" in utrecht.method
    assert "393 gemeenten" in utrecht.method
    assert f"de {PEER_COUNT} gemeenten" in utrecht.method
