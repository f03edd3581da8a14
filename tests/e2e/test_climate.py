"""The awareness game and « Été 2050 » in real Chromium against a real Voilà (see conftest.py).

The ``page`` fixture aborts and records every request leaving the machine and fails the
test if there was one.
"""

from __future__ import annotations

import pytest

from simulation.climate import Range
from simulation.climate_data import load_climate
from simulation.climate_display import acceleration_panels, processes_beyond
from simulation.model import load_model
from simulation.pathway import encode_pathway
from simulation.summer import value_text, warming_text
from simulation.texts import t

pytestmark = pytest.mark.e2e

ERROR_OUTPUT = '[data-mime-type*="stderr"], [data-mime-type*="error"], .jp-mod-error'


def _plain(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def _wait_text(page, selector: str, text: str) -> None:
    """Wait until the element matching ``selector`` (re-rendered widgets replace it) shows
    ``text``."""
    page.wait_for_function(
        "([sel, want]) => (document.querySelector(sel)?.innerText || '').includes(want)",
        arg=[selector, text])


def _step(page, title):
    page.locator(".atelier-awareness-steps button", has_text=title).click()


def test_awareness_game_reveals_curves_boundaries_and_scenarios(page, awareness_url):
    climate = load_climate()
    page.goto(awareness_url)
    page.locator(".atelier-awareness-steps").wait_for()
    panels = page.locator('[data-testid^="panel-"]')
    panels.first.wait_for()
    expected = acceleration_panels(climate)
    assert panels.count() == len(expected)
    assert all("?" in text for text in panels.all_inner_texts())  # names hidden
    # the room answers for curve A, then the facilitator reveals
    page.locator(".atelier-guess-0 select").select_option(index=1)
    page.locator(".atelier-reveal:visible").click()
    page.locator('[data-testid="acceleration-score"]').wait_for()
    shown = _plain(" ".join(panels.all_inner_texts()))
    for p in expected:
        assert _plain(p.title) in shown
        assert _plain(p.change or p.last) in shown
    # the planetary boundaries: meanings first, the count after the reveal
    _step(page, t("awareness.step_boundaries"))
    page.locator('[data-testid="process-climate_change"]').wait_for()
    assert page.locator('[data-testid="boundaries-count"]').count() == 0
    page.locator(".atelier-reveal:visible").click()
    count = page.locator('[data-testid="boundaries-count"]')
    count.wait_for()
    for year in (2023, 2025):
        assert t("awareness.count_in", n=str(len(processes_beyond(climate, year))),
                 total=str(len(climate.processes)), year=str(year)) in _plain(count.inner_text())
    # a choice of scenario
    _step(page, t("awareness.step_scenarios"))
    page.locator(".atelier-scenario-choice button", has_text="SSP5-8.5").click()
    _wait_text(page, '[data-testid="scenario-detail"]', "SSP5-8.5 en détail")
    detail = page.locator('[data-testid="scenario-detail"]')
    long = climate.projection("ssp5_85", "long")
    expected_text = warming_text(Range(long.value, long.low, long.high, long.unit))
    assert _plain(expected_text) in _plain(detail.inner_text())
    assert page.locator(ERROR_OUTPUT).count() == 0
    assert page.page_errors == []


def test_awareness_game_reads_the_code_of_the_url(page, awareness_url):
    model = load_model()
    code = encode_pathway(model, "montpellier-metropole", {"velo_marche": 4, "vegetarien": 4})
    page.goto(f"{awareness_url}?code={code}")
    caveat = page.locator('[data-testid="everyone-caveat"]')
    caveat.wait_for()
    assert "Illustration, pas une prévision" in caveat.inner_text()
    assert code in page.locator(".atelier-code").first.inner_text()
    totals = page.locator('[data-testid="everyone-total"]')
    assert totals.count() == 2  # our pathway and the no-lever one, on the same scale
    assert page.locator(ERROR_OUTPUT).count() == 0


def test_summer_tab_reacts_to_a_choice_of_reference(page, voila_url):
    climate = load_climate()
    page.goto(voila_url)
    page.locator(".atelier .lm-TabBar-tab").first.wait_for()
    page.locator(".atelier .lm-TabBar-tab", has_text="Été 2050").click()
    story = page.locator('[data-testid="summer-story"]')
    story.wait_for()
    assert "Une journée d'été 2050 à Montpellier" in story.inner_text()
    note = page.locator('[data-testid="summer-local-note"]')
    assert t("summer.local_missing", name="TRACC 2050") in _plain(note.inner_text())
    page.locator(".atelier-summer-reference button", has_text="TRACC 2100").click()
    _wait_text(page, '[data-testid="summer-story"]', "2100 à Montpellier")
    row = climate.local["fr_days_above_35_tracc4"]
    values = _plain(page.locator('[data-testid="summer-values"]').inner_text())
    assert _plain(value_text(row, climate.indicators[row.indicator])) in values
    page.locator(".atelier .lm-TabBar-tab", has_text="Prise de conscience").click()
    page.locator('[data-testid="panel-A"]').wait_for()
    assert page.locator(ERROR_OUTPUT).count() == 0
    assert page.page_errors == []
