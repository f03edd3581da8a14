"""The dashboard in a real browser against a real Voilà (see conftest.py)."""

from __future__ import annotations

import re

import pytest

from simulation.formatting import format_co2
from simulation.metrics import LIVE_DIGITS
from simulation.model import load_model
from simulation.pathway import encode_pathway
from simulation.texts import t
from simulation.ui.app import TAB_KEYS

pytestmark = pytest.mark.e2e

ERROR_OUTPUT = '[data-mime-type*="stderr"], [data-mime-type*="error"], .jp-mod-error'
TOTAL = '[data-testid="total-2050"]'
#: Every tab shows at least one chart (HTML bars; the pathway is our own SVG).
CHART = ".atelier .atelier-chart >> visible=true"
#: The pathway line of the trajectory chart (simulation/ui/charts.py).
TRAJECTORY = '.atelier [data-testid="trajectory"] polyline.atelier-trajectory-line'


def _open(page, url):
    page.goto(url)
    page.locator(".atelier .lm-TabBar-tab").first.wait_for()
    return page


def _tab(page, title):
    page.locator(".atelier .lm-TabBar-tab", has_text=title).click()


def test_page_loads_with_no_error_output(page, voila_url):
    _open(page, voila_url)
    titles = page.locator(".atelier .lm-TabBar-tab").all_inner_texts()
    assert titles == [t(key) for key in TAB_KEYS]
    for title in titles:
        _tab(page, title)
        page.locator(CHART).first.wait_for()
    _tab(page, t("ui.tab_levers"))
    page.locator(f"{TRAJECTORY} >> visible=true").first.wait_for()
    page.wait_for_timeout(500)
    assert page.locator(ERROR_OUTPUT).count() == 0
    assert page.page_errors == []
    # the source code is stripped
    assert "load_app" not in page.content()


def test_lever_change_updates_the_2050_total(page, voila_url):
    _open(page, voila_url)
    _tab(page, t("ui.tab_levers"))
    total = page.locator(TOTAL)
    before = total.inner_text()
    line = page.locator(f"{TRAJECTORY} >> visible=true").first
    points = line.get_attribute("points")
    page.locator(".lever-covoiturage button", has_text="4").click()
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).innerText !== old", arg=[TOTAL, before]
    )
    model = load_model()
    result = model.evaluate({"covoiturage": 4}, territory="france")
    expected = format_co2(result.value(2050), digits=LIVE_DIGITS)
    assert total.inner_text() == expected
    # the pathway is redrawn: same 2023 start, a lower 2050 end (y grows downwards)
    page.wait_for_function("([sel, old]) => document.querySelector(sel).getAttribute('points')"
                           " !== old", arg=[TRAJECTORY, points])
    old, new = ([tuple(map(float, p.split(","))) for p in pts.split()]
                for pts in (points, line.get_attribute("points")))
    assert len(new) == len(old) == len(result.years)
    assert new[0] == old[0]
    assert new[-1][1] > old[-1][1]
    # the chart's texts are HTML, at the dashboard's size: ticks in the SVG's box
    assert page.locator('.atelier [data-testid="trajectory"] .atelier-tick-x').all_inner_texts() == [
        "2025", "2030", "2035", "2040", "2045", "2050"]
    assert page.locator(ERROR_OUTPUT).count() == 0


def test_team_and_language_switch(page, voila_url):
    _open(page, voila_url)
    _tab(page, t("ui.tab_levers"))
    total = page.locator(TOTAL)
    baseline = total.inner_text()
    page.locator(".lever-covoiturage button", has_text="3").click()
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).innerText !== old", arg=[TOTAL, baseline]
    )
    changed = total.inner_text()
    page.get_by_role("button", name=t("ui.add_team")).click()
    teams = page.locator(".atelier-teams button")
    teams.nth(1).wait_for()
    assert teams.all_inner_texts() == ["Équipe 1", "Équipe 2"]
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel).innerText === want",
        arg=[TOTAL, baseline],
    )
    teams.nth(0).click()
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel).innerText === want", arg=[TOTAL, changed]
    )
    page.get_by_role("button", name=t("ui.lang_button")).click()
    page.locator(".atelier .lm-TabBar-tab", has_text=t("ui.tab_levers", "en")).wait_for()
    page.locator(".atelier-teams button", has_text="Team 2").wait_for()
    page.locator(".atelier-big", has_text=t("ui.per_person", "en")).wait_for()
    assert teams.all_inner_texts() == ["Team 1", "Team 2"]
    assert re.fullmatch(r"[\d.]+\u00a0t\u00a0CO₂e", total.inner_text())


def test_code_in_the_url_restores_the_pathway(page, voila_url):
    model = load_model()
    levels = {"velo_marche": 4, "renovation": 2, "flexitarien": 3}
    territory = "montpellier-metropole"
    code = encode_pathway(model, territory, levels)
    _open(page, f"{voila_url}?code={code}")
    page.locator(".atelier-code-box", has_text=code).wait_for()
    _tab(page, t("ui.tab_levers"))
    expected = format_co2(model.evaluate(levels, territory=territory).value(2050), digits=LIVE_DIGITS)
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel)?.innerText === want",
        arg=[TOTAL, expected],
    )
    assert "Montpellier" in page.locator(".atelier-big").inner_text()


def test_invalid_code_shows_a_message_not_a_traceback(page, voila_url):
    _open(page, f"{voila_url}?code=pas-un-code")
    page.locator(".atelier-status", has_text=t("ui.bad_code", error="").split(":")[0].strip()).wait_for()
    assert page.locator(ERROR_OUTPUT).count() == 0


def test_preheated_kernel_gets_the_code_of_the_url(page, preheated_voila):
    url, log = preheated_voila
    model = load_model()
    levels = {"moins_avion": 4}
    code = encode_pathway(model, "france", levels)
    _open(page, f"{url}?code={code}&lang=en")
    page.locator(".atelier-code-box", has_text=code).wait_for()
    page.locator(".atelier .lm-TabBar-tab", has_text=t("ui.tab_levers", "en")).click()
    expected = format_co2(model.evaluate(levels).value(2050), lang="en", digits=LIVE_DIGITS)
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel)?.innerText === want",
        arg=[TOTAL, expected],
    )
    assert "Using pre-heated kernel" in log.read_text(errors="replace")


@pytest.mark.parametrize("path", ["voila/files/atelier.ipynb", "voila/files/../pyproject.toml",
                                  "voila/static/nope.js"])
def test_no_file_is_served(page, voila_url, path):
    response = page.goto(voila_url + path)
    assert response.status in (403, 404)
    assert "import" not in page.content()  # no notebook or source leaked


def test_broken_data_shows_the_problem_not_a_traceback(page, broken_data_voila):
    url, lever = broken_data_voila
    page.goto(url)
    message = page.locator(".atelier-error")
    message.wait_for()
    assert t("ui.error_title") in message.inner_text()
    assert lever.name in message.inner_text()
    assert "Traceback" not in page.content()
