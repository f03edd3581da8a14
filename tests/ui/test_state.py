"""Session state: teams, rounds, undo, language, pathway codes (no widgets)."""

from __future__ import annotations

import pytest

from simulation.exceptions import AtelierError, PathwayCodeError, UnknownIdError
from simulation.ui.state import (
    MAX_HISTORY,
    MAX_NAME,
    MAX_TEAMS,
    CardGame,
    Session,
    clean_name,
    parse_query_code,
    parse_query_lang,
)

LEVERS = ("a", "b", "c")


def _encode(territory, levels):
    return territory + ":" + "".join(str(levels[k]) for k in LEVERS)


def _decode(code):
    territory, _, digits = code.partition(":")
    if len(digits) != len(LEVERS) or not digits.isdigit():
        raise PathwayCodeError(f"code illisible : {code!r}")
    return territory, {k: int(d) for k, d in zip(LEVERS, digits, strict=True)}


@pytest.fixture
def session():
    return Session(lever_ids=LEVERS, territories=("france", "mmm"), encode=_encode,
                   decode=_decode)


def test_new_session_has_one_team_all_levers_at_zero(session):
    assert len(session.teams) == 1
    assert session.levels() == {"a": 0, "b": 0, "c": 0}
    assert session.territory == "france"
    assert session.lang == "fr"
    assert not session.can_undo


def test_set_level_changes_only_the_active_team_and_is_undoable(session):
    session.add_team()
    assert session.set_level("b", 3)
    assert session.levels() == {"a": 0, "b": 3, "c": 0}
    assert session.levels(0) == {"a": 0, "b": 0, "c": 0}
    assert session.active_levels() == {"b": 3}
    assert session.undo()
    assert session.levels() == {"a": 0, "b": 0, "c": 0}


def test_setting_the_same_level_records_nothing(session):
    session.set_level("a", 2)
    depth = len(session.history)
    assert not session.set_level("a", 2)
    assert len(session.history) == depth


@pytest.mark.parametrize("level", [-1, 5, 2.0, True, "3"])
def test_invalid_levels_are_refused(session, level):
    with pytest.raises(AtelierError):
        session.set_level("a", level)
    assert session.levels()["a"] == 0


def test_unknown_lever_is_refused(session):
    with pytest.raises(UnknownIdError):
        session.set_level("zz", 1)


def test_at_most_four_teams_and_new_team_becomes_active(session):
    for expected in range(1, MAX_TEAMS):
        assert session.add_team() == expected
        assert session.active == expected
    assert not session.can_add_team
    with pytest.raises(AtelierError):
        session.add_team()
    assert session.team_names() == ["Équipe 1", "Équipe 2", "Équipe 3", "Équipe 4"]


def test_switching_team_is_not_an_undoable_change(session):
    session.add_team()
    depth = len(session.history)
    session.select_team(0)
    assert len(session.history) == depth
    with pytest.raises(UnknownIdError):
        session.select_team(4)


def test_undo_goes_back_to_the_team_that_changed(session):
    session.add_team()            # team 2 active
    session.set_level("a", 4)     # on team 2
    session.select_team(0)
    session.undo()
    assert session.active == 1
    assert session.levels(1)["a"] == 0


def test_rounds_save_load_and_undo(session):
    session.set_level("a", 1)
    first = session.save_round()
    assert first.number == 1
    session.set_level("a", 4)
    session.set_territory("mmm")
    session.save_round()
    assert [r.number for r in session.rounds] == [1, 2]
    session.load_round(1)
    assert session.levels()["a"] == 1
    assert session.territory == "france"
    session.undo()                # undo the load
    assert session.levels()["a"] == 4
    session.undo()                # undo saving round 2
    assert [r.number for r in session.rounds] == [1]
    with pytest.raises(UnknownIdError):
        session.load_round(7)


def test_loading_a_round_with_fewer_teams_keeps_a_valid_active_team(session):
    session.save_round()
    session.add_team()
    session.add_team()
    session.load_round(1)
    assert session.active == 0
    assert len(session.teams) == 1


def test_reset_and_presets(session):
    session.set_levels({"a": 2, "c": 4})
    assert session.levels() == {"a": 2, "b": 0, "c": 4}
    assert session.reset_team()
    assert session.levels() == {"a": 0, "b": 0, "c": 0}
    assert not session.reset_team()
    with pytest.raises(AtelierError):
        session.set_levels({"a": 9})


def test_code_round_trip_and_bad_code_leaves_state_unchanged(session):
    session.set_level("c", 2)
    code = session.code()
    assert code == "france:002"
    other = Session(lever_ids=LEVERS, territories=("france", "mmm"), encode=_encode,
                    decode=_decode)
    other.restore_code("  mmm:310 ")
    assert other.territory == "mmm"
    assert other.levels() == {"a": 3, "b": 1, "c": 0}
    before = (other.territory, other.levels(), len(other.history))
    with pytest.raises(PathwayCodeError):
        other.restore_code("mmm:31")
    with pytest.raises(UnknownIdError):
        other.restore_code("nowhere:111")
    assert (other.territory, other.levels(), len(other.history)) == before
    other.undo()
    assert other.levels() == {"a": 0, "b": 0, "c": 0}


def test_territory_change_is_checked_and_undoable(session):
    with pytest.raises(UnknownIdError):
        session.set_territory("atlantis")
    assert session.set_territory("mmm")
    assert not session.set_territory("mmm")
    session.undo()
    assert session.territory == "france"


def test_language_switch(session):
    session.set_lang("en")
    assert session.team_names() == ["Team 1"]
    with pytest.raises(UnknownIdError):
        session.set_lang("de")
    assert not session.can_undo


def test_history_is_bounded(session):
    for i in range(MAX_HISTORY + 20):
        session.set_level("a", i % 2 + 1)
    assert len(session.history) == MAX_HISTORY


def test_undo_with_empty_history(session):
    assert not session.undo()


@pytest.mark.parametrize(
    ("query", "code", "lang"),
    [
        (None, None, None),
        ("", None, None),
        ("code=abc", "abc", None),
        ("?code=france.00Hk&lang=en", "france.00Hk", "en"),
        ("lang=de", None, None),
        ("code=a%2Bb", "a+b", None),
    ],
)
def test_query_string_parsing(query, code, lang):
    assert parse_query_code(query) == code
    assert parse_query_lang(query) == lang


class _Card:
    def __init__(self, cid, value_kg):
        self.id, self.value_kg = cid, value_kg


def test_card_game_draw_move_reveal():
    deck = [_Card(f"c{i}", float(v)) for i, v in enumerate([5, 50, 1, 500, 20, 7])]
    game = CardGame()
    game.draw(deck, 5, seed=3)
    assert len(game.cards) == 5
    assert len({c.id for c in game.cards}) == 5
    again = CardGame()
    again.draw(deck, 5, seed=3)
    assert [c.id for c in again.cards] == [c.id for c in game.cards]
    # put them in the right order with moves only, as the group would
    right = [c.id for c in game.right_order()]
    for target, cid in enumerate(right):
        i = [c.id for c in game.cards].index(cid)
        while i > target:
            assert game.move(i, -1)
            i -= 1
    assert not game.move(0, -1)
    assert not game.move(4, +1)
    assert game.reveal() == 5
    assert not game.move(1, -1), "cards are frozen once revealed"


def test_card_game_score_counts_cards_at_their_rank():
    cards = [_Card("x", 1.0), _Card("y", 3.0), _Card("z", 2.0)]
    game = CardGame(cards=list(cards))
    assert game.reveal() == 0  # right order is y, z, x: none in place
    game = CardGame(cards=[cards[1], cards[0], cards[2]])
    assert game.score() == 1


def test_card_game_keeps_the_guess_at_the_reveal():
    cards = [_Card("x", 1.0), _Card("y", 3.0), _Card("z", 2.0)]
    game = CardGame()
    game.draw(cards, 3, seed=0)
    guess = [c.id for c in game.cards]
    assert game.guess == []
    assert [game.guess_rank(cid) for cid in guess] == [1, 2, 3]  # before: current order
    game.reveal()
    assert game.guess == guess
    game.cards.reverse()  # whatever happens to the list, the guess stays
    assert [game.guess_rank(cid) for cid in guess] == [1, 2, 3]
    game.draw(cards, 3, seed=1)
    assert game.guess == [] and not game.revealed


@pytest.mark.parametrize(
    ("values", "right"),
    [
        # guessed order left to right; right order is by decreasing value
        ((3.0, 2.0, 1.0), (True, True, True)),
        ((1.0, 2.0, 3.0), (False, True, False)),
        ((2.0, 2.0, 1.0), (True, True, True)),  # a tie, either order is right
        ((1.0, 2.0, 2.0), (False, True, False)),  # 2nd: a 2 belongs there; 3rd: no
        ((2.0, 1.0, 2.0), (True, False, False)),
        ((5.0, 5.0, 5.0), (True, True, True)),
    ],
)
def test_card_game_is_right_counts_ties_as_right(values, right):
    cards = [_Card(f"c{i}", v) for i, v in enumerate(values)]
    game = CardGame(cards=list(cards))
    game.reveal()
    assert tuple(game.is_right(c.id) for c in cards) == right
    assert game.score() == sum(right)
    assert [game.guess_rank(c.id) for c in cards] == [1, 2, 3]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Les Bleus", "Les Bleus"),
        ("  Les   Bleus  ", "Les Bleus"),
        ("Les\tBleus\n", "Les Bleus"),
        ("a\x00b\x1bc\u200bd", "a b c d"),
        ("x" * (MAX_NAME + 10), "x" * MAX_NAME),
        ("<b>gras</b> & Cie", "<b>gras</b> & Cie"),  # escaped where shown, kept as typed
        ("\n\t ", ""),
    ],
)
def test_clean_name(typed, kept):
    assert clean_name(typed) == kept
    assert len(clean_name(typed)) <= MAX_NAME


def test_team_names_rename_undo_and_defaults(session):
    session.add_team()
    assert session.rename_team("  Les\tVerts ")
    assert session.team_names() == ["Équipe 1", "Les Verts"]
    assert not session.rename_team("Les Verts")  # no change, no undo step
    assert session.rename_team("x" * 100, team=0)
    assert session.team_names()[0] == "x" * MAX_NAME
    session.set_lang("en")
    assert session.team_names() == ["x" * MAX_NAME, "Les Verts"]
    # typing the default name (in either language) keeps it translatable
    assert session.rename_team("Team 2")
    assert not session.rename_team("Équipe 2")
    assert session.team_names() == ["x" * MAX_NAME, "Team 2"]
    session.set_lang("fr")
    assert session.team_names() == ["x" * MAX_NAME, "Équipe 2"]
    session.undo()
    assert session.team_names() == ["x" * MAX_NAME, "Les Verts"]
    session.undo()
    session.undo()
    assert session.team_names() == ["Équipe 1", "Équipe 2"]
    with pytest.raises(UnknownIdError):
        session.rename_team("nope", team=5)


def test_names_survive_rounds_and_codes(session):
    session.rename_team("Rouges")
    session.save_round()
    session.rename_team("Bleus")
    session.load_round(1)
    assert session.team_names() == ["Rouges"]
    session.restore_code("mmm:111")  # a code carries levels, not the name
    assert session.team_names() == ["Rouges"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("level"), st.sampled_from(LEVERS), st.integers(0, 4)),
        st.tuples(st.just("add"), st.none(), st.none()),
        st.tuples(st.just("select"), st.integers(0, 3), st.none()),
        st.tuples(st.just("save"), st.none(), st.none()),
        st.tuples(st.just("load"), st.integers(1, 4), st.none()),
        st.tuples(st.just("territory"), st.sampled_from(("france", "mmm")), st.none()),
        st.tuples(st.just("reset"), st.none(), st.none()),
        st.tuples(st.just("lang"), st.sampled_from(("fr", "en")), st.none()),
    ),
    max_size=40,
)


def _data(s):
    return (s.territory, s.teams, s.rounds)


@settings(max_examples=200, deadline=None)
@given(OPERATIONS)
def test_undoing_every_change_gives_back_the_start(ops):
    s = Session(lever_ids=LEVERS, territories=("france", "mmm"), encode=_encode,
                decode=_decode)
    start = _data(s)
    for op, a, b in ops:
        try:
            if op == "level":
                s.set_level(a, b)
            elif op == "add":
                s.add_team()
            elif op == "select":
                s.select_team(a)
            elif op == "save":
                s.save_round()
            elif op == "load":
                s.load_round(a)
            elif op == "territory":
                s.set_territory(a)
            elif op == "reset":
                s.reset_team()
            elif op == "lang":
                s.set_lang(a)
        except AtelierError:
            pass  # refused actions (5th team, unknown round…) change nothing
        assert 0 <= s.active < len(s.teams) <= MAX_TEAMS
    while s.undo():
        pass
    assert _data(s) == start
