"""Calibration of the France baseline against Nos Gestes Climat and SDES (data/climate).

A quality check of the shipped data: it must hold whatever an author changes within the
rules (a factor moving within its source's range keeps every sector within tolerance).
"""

import tomllib

import pytest

from simulation.paths import data_dir


@pytest.fixture(scope="module")
def calibration():
    return tomllib.loads((data_dir() / "climate" / "calibration.toml").read_text("utf-8"))


def test_each_sector_within_tolerance_of_ngc(shipped_model, calibration):
    values = shipped_model.evaluate({}).sector_values(2023)
    tol = calibration["tolerance"]
    for sector, ngc in calibration["ngc_kg"].items():
        gap = values[sector] / ngc - 1
        assert abs(gap) <= tol, f"{sector}: {values[sector]:.0f} vs NGC {ngc} ({gap:+.1%})"


def test_total_within_ngc_tolerance_and_sdes_range(shipped_model, calibration):
    total = shipped_model.evaluate({}).value(2023)
    ngc_total = sum(calibration["ngc_kg"].values())
    assert abs(total / ngc_total - 1) <= calibration["tolerance"]
    assert calibration["sdes_total_kg"]["low"] <= total <= calibration["sdes_total_kg"]["high"]


def test_residual_items_stay_minor(shipped_model):
    """The items derived from NGC aggregates do not carry the calibration on their own."""
    items = shipped_model.evaluate({}).item_values(2023)
    assert items["batiment"]["autres_logement"] < 0.2 * sum(items["batiment"].values())
    bottom_up = sum(v for s, d in items.items() for k, v in d.items()
                    if k not in {"autres_logement", "autres_biens", "services_marchands",
                                 "services_publics"})
    assert bottom_up > 0.7 * shipped_model.evaluate({}).value(2023)


@pytest.mark.parametrize("sid", ["s1", "s2"])
def test_frugal_scenarios_near_target_range(shipped_model, sid):
    """S1 and S2 roughly halve the footprint; neither reaches 2 t with a consumption scope."""
    total = shipped_model.evaluate(None, "france", sid).value()
    assert 3000 < total < 5000
