"""What the dashboard says about « Sans levier » versus the trend, and about the territory.

Views are plain data (``simulation.ui.viewmodel``); the components only display them, which
the last tests check headlessly (ipywidgets without a kernel).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation import metrics
from simulation.formatting import NNBSP, format_co2
from simulation.texts import t
from simulation.ui import viewmodel as vm
from simulation.ui.state import Session

from .conftest import trajectory

MTP = "montpellier-metropole"


@pytest.fixture(scope="module")
def calc(model):
    return vm.Calculator(model)


def _session(model, territory: str, **levels) -> Session:
    s = Session(model.lever_ids, tuple(model.territories), territory=territory)
    for lever, level in levels.items():
        s.set_level(lever, level)
    return s


@pytest.mark.parametrize("territory", ["france", MTP])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_trajectory_draws_no_lever_and_trend_and_says_why_they_differ(model, calc, territory,
                                                                      lang):
    view = vm.levers_view(calc, _session(model, territory, covoiturage=2), lang).trajectory
    trend = model.evaluate(None, territory, metrics.TREND)
    base = model.evaluate({}, territory)
    np.testing.assert_allclose(view.trend, trend.total, rtol=1e-12)
    np.testing.assert_allclose(view.no_lever, base.total, rtol=1e-12)
    assert view.trend_label == t("ui.trend_line", lang)
    assert view.labels[2] == t("ui.no_lever", lang)
    # doing nothing is above the trend in 2050, and the screen says why, with both numbers
    assert base.value(2050) > trend.value(2050)
    assert view.reference_note == t("ui.reference_note", lang,
                                    no_lever=format_co2(base.value(2050), lang=lang),
                                    trend=format_co2(trend.value(2050), lang=lang))


def test_waterfall_names_its_start(model, calc):
    view = vm.levers_view(calc, _session(model, "france", covoiturage=2), "fr").waterfall
    assert view.start_label == t("ui.no_lever", "fr")
    assert view.note.endswith(t("ui.no_lever_start", "fr"))
    assert view.start_kg == pytest.approx(model.evaluate({}).value(2050))


def test_lever_rows_name_the_national_values_behind_them(model, calc):
    rows = {r.id: r for r in vm.levers_view(calc, _session(model, MTP), "fr").rows}
    car = rows["covoiturage"]
    occupancy = model.vocabulary.parameters["car_occupancy"].label("fr")
    assert occupancy in car.national
    assert car.national_summary == t("ui.national_many", "fr", n=len(car.national))
    one = [r for r in rows.values() if len(r.national) == 1]
    assert one and one[0].national_summary == t("ui.national_one", "fr", n=1)
    assert rows["chauffage_19"].national == () and rows["chauffage_19"].national_summary == ""
    en = {r.id: r for r in vm.levers_view(calc, _session(model, MTP), "en").rows}
    assert model.vocabulary.parameters["car_occupancy"].label("en") in en["covoiturage"].national
    france = vm.levers_view(calc, _session(model, "france"), "fr").rows
    assert all(r.national == () and r.national_summary == "" for r in france)


def test_footprint_tab_shows_the_territory_figures_and_what_they_are(model, calc):
    view = vm.sources_view(calc, _session(model, MTP), "fr")
    terr = model.territories[MTP]
    assert [g.title for g in view.figure_groups] == [
        t("ui.figures_energie", "fr"), t("ui.figures_pcaet", "fr"),
        t("ui.figures_inventaire", "fr")]
    assert sum(len(g.rows) for g in view.figure_groups) == len(terr.figures)
    transport = next(r for g in view.figure_groups for r in g.rows
                     if r.label == next(f.label_fr for f in terr.figures
                                        if f.id == "energie_transport"))
    assert transport.value == f"45{NNBSP}%"
    assert view.figures_note == t("ui.figures_note", "fr")
    assert "inventaire territorial" in view.figures_note and "importations" in view.figures_note
    assert terr.name("fr") in view.figures_title
    assert vm.sources_view(calc, _session(model, "france"), "fr").figure_groups == ()


@pytest.mark.parametrize(("value", "unit", "lang", "text"), [
    (45, "%", "fr", f"45{NNBSP}%"), (-85, "%", "fr", f"−85{NNBSP}%"), (-85, "%", "en", "−85%"),
    (2.02, "MWh/habitant", "fr", "2,02\u00a0MWh/habitant"),
    (44, "% de hausse", "fr", f"44{NNBSP}% de hausse"), (2, "%", "fr", f"2{NNBSP}%"),
])
def test_figure_values_keep_their_figures_and_typography(value, unit, lang, text):
    assert vm.figure_value(value, unit, lang) == text


def test_components_show_figures_and_national_values_escaped(model, calc):
    from simulation.ui.components.levers import LeversTab
    from simulation.ui.components.sources import SourcesTab

    tab = SourcesTab(lambda _t: None, lambda _s: None)
    view = vm.sources_view(calc, _session(model, MTP), "fr")
    tab.show(view)
    assert 'data-testid="territory-figures"' in tab.figures.value
    assert "Objectifs du plan climat" in tab.figures.value
    assert "« État des lieux" in tab.figures.value and "<script" not in tab.figures.value
    tab.show(vm.sources_view(calc, _session(model, "france"), "fr"))
    assert tab.figures.layout.display == "none"

    levers = LeversTab(lambda *_a: None, lambda _s: None, lambda: None)
    view = vm.levers_view(calc, _session(model, MTP), "fr")
    levers.show(view)
    national = levers.national_widgets["covoiturage"].value
    assert national.startswith('<details class="atelier-details"><summary>')
    assert "Taux d&#x27;occupation des voitures" in national
    legend = levers.trajectory_legend.value
    assert t("ui.trend_line", "fr") in legend and "atelier-reference" in legend
    (trend,) = trajectory(levers.trajectory.html)["trend"]
    assert len(trend) == len(view.trajectory.years)


def test_every_figure_group_has_a_title():
    from simulation.territories import FIGURE_GROUPS

    assert tuple(k.removeprefix("ui.figures_") for k in vm.FIGURE_GROUP_TITLES) == FIGURE_GROUPS
