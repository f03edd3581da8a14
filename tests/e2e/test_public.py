"""The public page « Découverte », walked through on a phone (390×844) in Chromium.

A person alone opens it on a phone: every step must be readable and usable without help,
with nothing wider than the screen, and the numbers must be the model's.
"""

from __future__ import annotations

import pytest

from simulation.formatting import format_co2
from simulation.metrics import LIVE_DIGITS
from simulation.model import load_model
from simulation.pathway import normalise

from .conftest import CHROMIUM_ARGS, PAGE_TIMEOUT_MS, OfflineGuard  # noqa: F401

pytestmark = pytest.mark.e2e

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('.atelier *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
    .map(e => e.className || e.tagName);
  return [document.documentElement.scrollWidth - width, wide.slice(0, 5)];
}"""


@pytest.fixture
def public_url(atelier_server):
    url, _log, _proc = atelier_server(pool_size=0, extra=("--dashboard", "decouverte"))
    return url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR",
                                  is_mobile=True, has_touch=True)
    guard = OfflineGuard()
    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert guard.blocked == [], f"requests left localhost: {guard.blocked}"
    assert errors == []


def _fits(page) -> None:
    overflow, wide = page.evaluate(OVERFLOW_JS)
    assert overflow <= 0 and wide == [], (overflow, wide)


def _next(page) -> None:
    page.locator(".atelier-public-nav button", has_text="Suivant").tap()
    page.wait_for_timeout(400)


def test_a_person_alone_walks_every_step_on_a_phone(phone, public_url):
    model = load_model()
    page = phone
    page.goto(public_url)
    page.wait_for_selector(".atelier-public")
    # 1. understand: what a footprint is, today's total, the 2 t target
    text = page.locator(".atelier-public-text").inner_text()
    today = model.evaluate({}, territory="france").total[0]
    assert format_co2(float(today)) in text
    assert format_co2(model.target_2050_kg) in text
    assert "Étape 1 sur 5" in page.locator(".atelier-progress").inner_text()
    _fits(page)
    # 2. guess: the answer names the first sector, the bars appear
    _next(page)
    assert not page.locator("[data-testid=footprint]").count()
    page.locator(".atelier-choices button", has_text="Mobilité").tap()
    page.wait_for_selector("[data-testid=footprint]")
    answer = page.locator(".atelier-public-p").first.inner_text()
    base = model.evaluate({}, territory="france").sector_values(2023)
    first = max(base, key=base.get)
    assert model.sector_label(first) in answer
    _fits(page)
    # 3. act: a lever changes the 2050 total to the model's value
    _next(page)
    total = page.locator("[data-testid=total-2050]").first
    before = total.inner_text()
    page.locator(".lever-covoiturage button", has_text="4").tap()
    page.wait_for_function("([s, old]) => document.querySelector(s).innerText !== old",
                           arg=["[data-testid=total-2050]", before])
    expected = model.evaluate({"covoiturage": 4}, territory="france").value(2050)
    assert total.inner_text() == format_co2(expected, digits=LIVE_DIGITS)
    assert "BBC" in page.locator(".atelier").inner_text()  # the term is explained
    _fits(page)
    # 4. compare: our column and the scenarios, S1–S4 explained
    _next(page)
    assert "Transition(s) 2050" in page.locator(".atelier").inner_text()
    assert page.locator(".atelier-col-bar").count() == 1 + len(model.scenarios)
    _fits(page)
    # 5. share: the code restores the pathway, with a link and a QR code
    _next(page)
    code = page.locator(".atelier-code").first.inner_text()
    assert len(normalise(code)) == 18
    link = page.locator(".atelier-share-link").get_attribute("href")
    assert "code=" in link and normalise(code) in normalise(link.split("code=")[1])
    assert page.locator(".atelier-qr svg").count() == 1
    _fits(page)
    # the link reopens the same pathway, straight on the levers step
    page.goto(link)
    page.wait_for_selector("[data-testid=total-2050]")
    assert page.locator("[data-testid=total-2050]").first.inner_text() == format_co2(
        expected, digits=LIVE_DIGITS)


def test_english_on_request(phone, public_url):
    page = phone
    page.goto(public_url + "?lang=en")
    page.wait_for_selector(".atelier-public")
    assert "Step 1 of 5" in page.locator(".atelier-progress").inner_text()
    page.locator("button", has_text="Français").tap()
    page.wait_for_timeout(400)
    assert "Étape 1 sur 5" in page.locator(".atelier-progress").inner_text()
