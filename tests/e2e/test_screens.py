"""Every screen of a workshop: a phone, an old projector, a laptop, a 1920×1080 screen.

The facilitator's dashboard (every tab, the card game revealed), the public page
``decouverte`` (every step) and the awareness game ``prise-de-conscience`` (every screen,
before and after its reveal) are opened in Chromium at 390×844, 1024×768, 1280×720 and
1920×1080, and the big-screen mode at 1280×720 and 1920×1080. On each screen
:func:`layout.audit` finds nothing a person would reject (overflow, a control out of reach,
cut text, chart labels over each other), the text is readable for that width
(:data:`layout.READABLE`) and a lever click changes the 2050 total.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from simulation.texts import t
from simulation.ui.app import TAB_KEYS

from .conftest import _voila
from .layout import audit, small_text

pytestmark = pytest.mark.e2e

SIZES = {"phone": (390, 844), "projector": (1024, 768), "laptop": (1280, 720),
         "fullhd": (1920, 1080)}
TABS = ".atelier .lm-TabBar-tab"
TOTAL = '[data-testid="total-2050"]'
CHART = ".atelier .atelier-chart >> visible=true"
#: Resolves once the dashboard has not changed for 300 ms (at most 10 s).
SETTLED_JS = """() => new Promise(resolve => {
  let timer = setTimeout(done, 300);
  const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 300); });
  const limit = setTimeout(done, 10000);
  function done() { obs.disconnect(); clearTimeout(limit); resolve(true); }
  obs.observe(document.querySelector('.atelier'), {subtree: true, childList: true,
                                                   characterData: true, attributes: true});
})"""
#: The selected tab shows some text (any tab, charts or not).
TAB_SHOWN_JS = """() => [...document.querySelectorAll('.atelier .widget-tab-contents > *')]
    .some(p => p.offsetParent !== null && p.innerText.trim().length > 20)"""
#: A team name as a room types it (24 characters, the most a name keeps).
LONG_NAME = "Les Castors de la Mosson"
ERROR_OUTPUT = '[data-mime-type*="stderr"], [data-mime-type*="error"], .jp-mod-error'


@pytest.fixture(scope="module")
def decouverte_url(tmp_path_factory):
    """``atelier serve --dashboard decouverte`` (the public page), no preheated kernel."""
    with _voila(tmp_path_factory, pool_size=0, extra=("--dashboard", "decouverte")) as (
            url, _log, _proc):
        yield url


def _page(browser, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.page_errors = []
    page.on("pageerror", lambda exc: page.page_errors.append(str(exc)))
    return context, page


def _check(page, where: str) -> dict:
    """Audit the page; fail with every problem found, and every text too small."""
    page.evaluate(SETTLED_JS)  # the last widget updates are drawn
    result = audit(page)
    assert result["problems"] == [], where
    assert small_text(result) == [], where
    assert result["controls"] > 0, where
    return result


def _lever_click_changes_the_total(page, lever="covoiturage", level="4"):
    total = page.locator(TOTAL)
    before = total.inner_text()
    page.locator(f".lever-{lever} button", has_text=level).click()
    page.wait_for_function("([sel, old]) => document.querySelector(sel).innerText !== old",
                           arg=[TOTAL, before])


def _every_tab(page, where):
    """Audit every tab of the open dashboard, the card game revealed, a lever played."""
    tabs = page.locator(TABS)
    assert tabs.all_inner_texts() == [t(key) for key in TAB_KEYS]
    for i, key in enumerate(TAB_KEYS):
        tabs.nth(i).click()
        page.wait_for_function(TAB_SHOWN_JS)
        if key == "ui.tab_sources":  # the card game, drawn and revealed: its longest state
            page.get_by_role("button", name=t("ui.draw")).click()
            page.locator(".atelier-card").first.wait_for()
            page.get_by_role("button", name=t("ui.reveal")).click()
            page.locator(".atelier-card-reveal").first.wait_for()
        if key == "ui.tab_levers":
            _lever_click_changes_the_total(page)
        if key == "ui.tab_teams" and page.locator(".atelier-teams button").count() == 1:
            # a full room: four teams, one with a long name, side by side
            for n in range(2, 5):
                page.get_by_role("button", name=t("ui.add_team")).click()
                page.locator(".atelier-teams button", has_text=str(n)).wait_for()
            page.locator(".atelier-name input").fill(LONG_NAME)
            page.get_by_role("button", name=t("ui.rename")).click()
            page.locator(".atelier-col-label", has_text=LONG_NAME).wait_for()
        _check(page, f"{where}, {t(key)}")
    assert page.locator(ERROR_OUTPUT).count() == 0
    assert page.page_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_every_tab_of_the_dashboard_fits_the_screen(browser, voila_url, size):
    context, page = _page(browser, size)
    try:
        page.goto(voila_url)
        page.locator(TABS).first.wait_for()
        _every_tab(page, size)
    finally:
        context.close()


@pytest.mark.parametrize("size", ["laptop", "fullhd"])
def test_the_big_screen_mode_has_larger_type_and_still_fits(browser, voila_url, size):
    context, page = _page(browser, size)
    try:
        page.goto(voila_url)
        page.locator(TABS).first.wait_for()
        root = page.locator(".atelier").first
        normal = float(root.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
        page.get_by_role("button", name=t("ui.projection_on")).click()
        page.locator(".atelier.atelier-projection").wait_for()
        page.get_by_role("button", name=t("ui.projection_off")).wait_for()
        big = float(root.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
        assert big >= 1.2 * normal, (normal, big)
        _every_tab(page, f"{size}, grand écran")
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_every_step_of_the_public_page_fits_the_screen(browser, decouverte_url, size):
    context, page = _page(browser, size)
    try:
        page.goto(decouverte_url)
        next_button = page.get_by_role("button", name=t("public.next"))
        next_button.wait_for()
        for step in range(5):
            progress = t("public.step", n=step + 1, total=5)
            page.locator(".atelier-progress", has_text=progress).wait_for()
            if step == 1:  # guess a sector: the answer and the footprint appear
                page.locator(".atelier-choices button").nth(1).click()
                page.locator(".atelier-chart >> visible=true").first.wait_for()
            if step == 2:
                page.locator(TOTAL).wait_for()
                _lever_click_changes_the_total(page)
            if step == 3:
                page.locator(CHART).first.wait_for()
            if step == 4:
                page.locator(".atelier-qr svg").wait_for()
            _check(page, f"{size}, découverte, {progress}")
            if step < 4:
                next_button.click()
        assert page.locator(ERROR_OUTPUT).count() == 0
        assert page.page_errors == []
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_of_the_awareness_game_fits_the_screen(browser, awareness_url, size):
    """The awareness game as a facilitator projects it (or a visitor opens it on a phone):
    each screen before and after its reveal, a scenario chosen."""
    context, page = _page(browser, size)
    try:
        page.goto(awareness_url)
        steps = page.locator(".atelier-awareness-steps button")
        steps.first.wait_for()
        for i in range(steps.count()):
            steps.nth(i).click()
            expect(steps.nth(i)).to_have_class(re.compile("mod-active"))
            name = steps.nth(i).inner_text()
            _check(page, f"{size}, prise de conscience, {name}")
            reveal = page.locator(".atelier-reveal:visible")
            if reveal.count():
                if i == 0:  # the room's answer under curve A
                    page.locator(".atelier-guess-0 select").select_option(index=1)
                reveal.first.click()
                page.wait_for_timeout(300)
                _check(page, f"{size}, prise de conscience, {name}, révélé")
            choice = page.locator(".atelier-scenario-choice button:visible")
            if choice.count():
                choice.last.click()
                _check(page, f"{size}, prise de conscience, {name}, {choice.last.inner_text()}")
        assert page.locator(ERROR_OUTPUT).count() == 0
        assert page.page_errors == []
    finally:
        context.close()
