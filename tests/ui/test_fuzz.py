"""Seeded random clicks on every control: nothing raises, widgets always show the state."""

from __future__ import annotations

import random

from simulation.ui.app import TAB_LEVERS, TAB_PROSPECTIVE, TAB_SOURCES, TAB_TEAMS, AtelierApp

#: The tab a control lives on: the fuzz shows it first, as a facilitator must.
TAB_OF = {"level": TAB_LEVERS, "sector": TAB_LEVERS, "reset": TAB_LEVERS,
          "save": TAB_TEAMS, "load": TAB_TEAMS, "code": TAB_TEAMS, "bad_code": TAB_TEAMS,
          "pdf": TAB_TEAMS, "territory": TAB_SOURCES, "items": TAB_SOURCES,
          "draw": TAB_SOURCES, "move": TAB_SOURCES, "reveal": TAB_SOURCES,
          "preset": TAB_PROSPECTIVE}

ACTIONS = 2500


def _check_consistent(app):
    s = app.session
    levels = s.levels()
    for lever_id, (_title, buttons, _label) in app.lever_widgets.items():
        assert buttons.value == levels[lever_id], lever_id
    assert len(app.team_buttons.options) == len(s.teams)
    assert app.team_buttons.value == s.active
    assert app.territory_dropdown.value == s.territory
    assert app.undo_button.disabled == (not s.can_undo)
    assert app.add_team_button.disabled == (not s.can_add_team)
    if app.is_built(TAB_TEAMS) and app.tabs.selected_index == TAB_TEAMS:
        assert [v for _label, v in app.rounds_select.options] == [r.number for r in s.rounds]


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
             "sector", "code", "bad_code", "draw", "move", "reveal", "preset", "reset",
             "items", "pdf"],
            weights=[40, 6, 2, 8, 3, 3, 2, 2, 6, 4, 2, 1, 3, 4, 2, 2, 1, 2, 0.2],
        )[0]
        if kind in TAB_OF:
            app.tabs.selected_index = TAB_OF[kind]
        if kind == "level":
            lever_id = rng.choice(lever_ids)
            app.lever_sector.value = model.lever(lever_id).sector
            app.lever_widgets[lever_id][1].value = rng.randint(0, 4)
        elif kind == "team":
            app.team_buttons.value = rng.randrange(len(app.team_buttons.options))
        elif kind == "add":
            app.add_team_button.click()
        elif kind == "undo":
            app.undo_button.click()
        elif kind == "save":
            app.save_round_button.click()
        elif kind == "load":
            if app.rounds_select.options:
                app.rounds_select.value = rng.choice(app.rounds_select.options)[1]
            app.load_round_button.click()
        elif kind == "lang":
            app.lang_button.click()
        elif kind == "territory":
            app.territory_dropdown.value = rng.choice(list(model.territories))
        elif kind == "tab":
            app.tabs.selected_index = rng.randrange(4)
        elif kind == "sector":
            app.lever_sector.value = rng.choice(app.sector_ids)
        elif kind == "items":
            app.item_sector.value = rng.choice(app.sector_ids)
        elif kind == "code":
            codes.append(app.session.code())
            app.code_input.value = rng.choice(codes)
            app.code_button.click()
        elif kind == "bad_code":
            app.code_input.value = "".join(rng.choice("azAZ09.-_<>&é ") for _ in range(12))
            app.code_button.click()
        elif kind == "draw":
            if app.deck_dropdown.options:
                app.deck_dropdown.value = rng.choice(app.deck_dropdown.options)[1]
            app.draw_button.click()
        elif kind == "move":
            row = rng.randrange(len(app.card_rows))
            app.card_rows[row][rng.randrange(2)].click()
        elif kind == "reveal":
            app.reveal_button.click()
        elif kind == "preset":
            app.preset_dropdown.value = rng.choice(list(model.scenarios))
            app.preset_button.click()
        elif kind == "reset":
            app.reset_button.click()
        elif kind == "pdf" and pdfs < 3:
            pdfs += 1
            app.pdf_button.click()
            assert app.last_pdf.startswith(b"%PDF")
        return kind

    seen = set()
    for _ in range(ACTIONS):
        seen.add(act())
        _check_consistent(app)
    assert len(seen) >= 18, seen
    assert len(app.session.history) > 0
