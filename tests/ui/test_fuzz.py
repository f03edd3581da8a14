"""Seeded random clicks on every control: nothing raises, widgets always show the state."""

from __future__ import annotations

import random

from simulation.ui.app import TAB_LEVERS, TAB_PROSPECTIVE, TAB_SOURCES, TAB_TEAMS, AtelierApp

from .conftest import assert_shows_view

#: The tab a control lives on: the fuzz shows it first, as a facilitator must.
TAB_OF = {"level": TAB_LEVERS, "sector": TAB_LEVERS, "reset": TAB_LEVERS,
          "save": TAB_TEAMS, "load": TAB_TEAMS, "code": TAB_TEAMS, "bad_code": TAB_TEAMS,
          "rename": TAB_TEAMS, "pdf": TAB_TEAMS, "territory": TAB_SOURCES,
          "items": TAB_SOURCES, "deck": TAB_SOURCES, "draw": TAB_SOURCES, "move": TAB_SOURCES,
          "reveal": TAB_SOURCES, "preset": TAB_PROSPECTIVE}

ACTIONS = 2000
#: Full comparison of the screen with the view-model every this many actions (it costs
#: a few view computations).
CHECK_EVERY = 5


def _check_consistent(app):
    s = app.session
    levels = s.levels()
    header = app.header
    assert len(header.teams.options) == len(s.teams)
    assert header.teams.value == s.active
    assert header.undo.disabled == (not s.can_undo)
    assert header.add_team.disabled == (not s.can_add_team)
    index = app.tabs.selected_index
    if index == TAB_LEVERS:
        for lever_id, (_title, buttons, _label) in app.tabs_content[index].lever_widgets.items():
            assert buttons.value == levels[lever_id], lever_id
    elif index == TAB_SOURCES:
        assert app.tabs_content[index][0].territory.value == s.territory
    elif index == TAB_TEAMS:
        rounds = app.tabs_content[index].rounds
        assert [int(v) for _label, v in rounds.options] == [r.number for r in s.rounds]


def test_random_clicks_raise_nothing(model):
    rng = random.Random(20261126)
    app = AtelierApp(model=model, seed=7)
    lever_ids = [lv.id for lv in model.levers]
    codes = []
    pdfs = 0

    def act():
        nonlocal pdfs
        kind = rng.choices(
            ["level", "team", "add", "undo", "save", "load", "lang", "territory", "tab",
             "sector", "code", "bad_code", "deck", "draw", "move", "reveal", "preset", "reset",
             "items", "rename", "projection", "pdf"],
            weights=[40, 6, 2, 8, 3, 3, 2, 2, 6, 4, 2, 1, 2, 3, 4, 2, 2, 1, 2, 2, 1, 0.2],
        )[0]
        if kind in TAB_OF:
            app.tabs.selected_index = TAB_OF[kind]
        content = app.tabs_content[app.tabs.selected_index]
        header = app.header
        if kind == "level":
            lever_id = rng.choice(lever_ids)
            content.sector.value = model.lever(lever_id).sector
            content.lever_widgets[lever_id][1].value = rng.randint(0, 4)
        elif kind == "team":
            header.teams.value = rng.randrange(len(header.teams.options))
        elif kind == "add":
            header.add_team.click()
        elif kind == "undo":
            header.undo.click()
        elif kind == "save":
            content.save.click()
        elif kind == "load":
            if content.rounds.options:
                content.rounds.value = rng.choice(content.rounds.options)[1]
            content.load.click()
        elif kind == "lang":
            header.lang.click()
        elif kind == "projection":
            header.projection.value = not header.projection.value
        elif kind == "territory":
            content[0].territory.value = rng.choice(list(model.territories))
        elif kind == "tab":
            app.tabs.selected_index = rng.randrange(4)
        elif kind == "sector":
            content.sector.value = rng.choice(model.sectors)
        elif kind == "items":
            content[0].sector.value = rng.choice(model.sectors)
        elif kind == "code":
            codes.append(app.session.code())
            content.code.value = rng.choice(codes)
            content.apply_code.click()
        elif kind == "bad_code":
            content.code.value = "".join(rng.choice("azAZ09.-_<>&é ") for _ in range(12))
            content.apply_code.click()
        elif kind == "rename":
            content.name.value = "".join(rng.choice("azAZ09 <>&é\t\x00") for _ in
                                         range(rng.randrange(40)))
            content.rename.click()
        elif kind == "deck":
            game = content[1]
            if game.deck.options:
                game.deck.value = rng.choice(game.deck.options)[1]
        elif kind == "draw":
            content[1].draw.click()
        elif kind == "move":
            rows = content[1].rows
            rows[rng.randrange(len(rows))][rng.randrange(2)].click()
        elif kind == "reveal":
            content[1].reveal.click()
        elif kind == "preset":
            content.preset.value = rng.choice(list(model.scenarios))
            content.apply.click()
        elif kind == "reset":
            content.reset.click()
        elif kind == "pdf" and pdfs < 2:
            pdfs += 1
            content.pdf.click()
            assert app.last_pdf.startswith(b"%PDF")
        return kind

    seen = set()
    for i in range(ACTIONS):
        seen.add(act())
        _check_consistent(app)
        if i % CHECK_EVERY == 0:
            assert_shows_view(app)
    assert len(seen) >= 21, seen
    assert len(app.session.history) > 0
