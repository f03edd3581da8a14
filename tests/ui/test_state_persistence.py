"""Session.to_dict / from_dict (what the session store keeps) and ?session= in the URL."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.exceptions import AtelierError
from simulation.store import ID_ALPHABET
from simulation.ui.state import (
    MAX_TEAMS,
    Session,
    Team,
    parse_query_code,
    parse_query_lang,
    parse_query_session,
)

LEVERS = ("a", "b", "c")
TERRITORIES = ("france", "mmm")


def _session(**kwargs):
    return Session(lever_ids=LEVERS, territories=TERRITORIES, **kwargs)


def _restore(data, lever_ids=LEVERS, territories=TERRITORIES):
    return Session.from_dict(data, lever_ids=lever_ids, territories=territories)


def _comparable(session):
    return (session.lang, session.territory, session.active, session.teams, session.rounds)


def test_to_dict_is_json_and_holds_everything():
    s = _session()
    s.set_level("b", 3)
    s.add_team()
    s.teams = (s.teams[0], Team(levels=s.teams[1].levels, name="Les Cigales"))
    s.set_level("a", 4)
    s.save_round()
    s.set_territory("mmm")
    s.set_lang("en")
    data = json.loads(json.dumps(s.to_dict()))
    assert data == {
        "version": 1,
        "lang": "en",
        "territory": "mmm",
        "active": 1,
        "teams": [{"name": "", "levels": {"a": 0, "b": 3, "c": 0}},
                  {"name": "Les Cigales", "levels": {"a": 4, "b": 0, "c": 0}}],
        "rounds": [{"number": 1, "territory": "france",
                    "teams": [{"name": "", "levels": {"a": 0, "b": 3, "c": 0}},
                              {"name": "Les Cigales", "levels": {"a": 4, "b": 0, "c": 0}}]}],
    }
    restored, notes = _restore(data)
    assert notes == []
    assert _comparable(restored) == _comparable(s)
    assert restored.team_names() == ["Team 1", "Les Cigales"]
    assert not restored.can_undo  # the undo history is not saved


# a session reached by any sequence of the facilitator's actions
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("level"), st.sampled_from(LEVERS), st.integers(0, 4)),
        st.tuples(st.just("team")),
        st.tuples(st.just("select"), st.integers(0, MAX_TEAMS - 1)),
        st.tuples(st.just("round")),
        st.tuples(st.just("load"), st.integers(1, 5)),
        st.tuples(st.just("territory"), st.sampled_from(TERRITORIES)),
        st.tuples(st.just("lang"), st.sampled_from(("fr", "en"))),
        st.tuples(st.just("name"), st.text(max_size=50)),
        st.tuples(st.just("undo")),
    ),
    max_size=40,
)


def _play(actions):
    s = _session()
    for action in actions:
        kind, *args = action
        if kind == "level":
            s.set_level(*args)
        elif kind == "team" and s.can_add_team:
            s.add_team()
        elif kind == "select" and args[0] < len(s.teams):
            s.select_team(args[0])
        elif kind == "round":
            s.save_round()
        elif kind == "load" and args[0] <= len(s.rounds):
            s.load_round(args[0])
        elif kind == "territory":
            s.set_territory(*args)
        elif kind == "lang":
            s.set_lang(*args)
        elif kind == "name":
            s.rename_team(args[0])
        elif kind == "undo":
            s.undo()
    return s


@settings(max_examples=150, deadline=None)
@given(ACTIONS)
def test_round_trip_through_json_gives_back_the_session(actions):
    s = _play(actions)
    data = json.loads(json.dumps(s.to_dict(), ensure_ascii=False))
    restored, notes = _restore(data)
    assert notes == []
    assert _comparable(restored) == _comparable(s)
    assert restored.to_dict() == s.to_dict()
    assert restored.team_names() == s.team_names()


def test_unknown_levers_and_territories_are_dropped_and_reported():
    data = _session().to_dict()
    data["teams"] = [{"name": "", "levels": {"a": 2, "disparu": 4}},
                     {"name": 12, "levels": {"b": 9, "c": "abc"}}]
    data["territory"] = "atlantide"
    data["lang"] = "de"
    data["rounds"] = [{"number": 1, "territory": "atlantide", "teams": data["teams"]},
                      {"number": 2, "territory": "mmm", "teams": [{"levels": {"c": 1}}]},
                      "n'importe quoi"]
    data["active"] = 7
    restored, notes = _restore(data)
    assert restored.territory == "france"
    assert restored.lang == "fr"
    assert restored.active == 0
    assert restored.levels(0) == {"a": 2, "b": 0, "c": 0}
    assert restored.levels(1) == {"a": 0, "b": 0, "c": 0}
    assert [(r.number, r.territory) for r in restored.rounds] == [(1, "mmm")]
    assert restored.rounds[0].teams[0].as_dict() == {"a": 0, "b": 0, "c": 1}
    assert notes == [
        "territoire inconnu ignoré : 'atlantide'",
        "langue inconnue ignorée : 'de'",
        "levier inconnu ignoré : 'disparu'",
        "niveau invalide ignoré pour b : 9",
        "niveau invalide ignoré pour c : 'abc'",
        "nom d'équipe illisible ignoré",
        "manche sur un territoire inconnu ignorée : 'atlantide'",
        "manche illisible ignorée",
    ]


def test_a_lever_removed_from_the_model_is_reported_not_fatal():
    old = Session(lever_ids=("a", "b", "old"), territories=TERRITORIES)
    old.set_level("old", 3)
    old.set_level("a", 1)
    restored, notes = _restore(old.to_dict())
    assert restored.levels() == {"a": 1, "b": 0, "c": 0}
    assert notes == ["levier inconnu ignoré : 'old'"]


def test_too_many_teams_are_cut_and_reported():
    team = {"name": "", "levels": {}}
    restored, notes = _restore({"teams": [team] * (MAX_TEAMS + 2)})
    assert len(restored.teams) == MAX_TEAMS
    assert notes == [f"équipes : au plus {MAX_TEAMS} équipes, les suivantes sont ignorées"]


@pytest.mark.parametrize("data", [None, [], "texte", {"teams": "x"}, {"lang": "fr"}])
def test_something_that_is_not_a_session_is_a_clear_error(data):
    with pytest.raises(AtelierError, match="session enregistrée illisible"):
        _restore(data)


def test_empty_team_list_gives_one_blank_team():
    restored, notes = _restore({"teams": []})
    assert restored.levels() == {"a": 0, "b": 0, "c": 0}
    assert notes == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("session=K7QM-3XPA", "K7QM-3XPA"),
        ("?code=abc&session=k7qm3xpa&lang=en", "K7QM-3XPA"),
        ("session=K7QM-3XP0", None),
        ("session=%3Cscript%3E", None),
        ("session=", None),
        ("code=abc", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_query_session(query, expected):
    assert parse_query_session(query) == expected


def test_session_code_and_lang_come_from_the_same_query_string():
    sid = ID_ALPHABET[:4] + "-" + ID_ALPHABET[4:8]
    query = f"code=xyz&lang=en&session={sid}"
    assert (parse_query_code(query), parse_query_lang(query), parse_query_session(query)) == (
        "xyz", "en", sid)


def test_a_preheated_kernel_gets_session_like_code_and_lang(monkeypatch):
    """The query string Voilà hands a preheated kernel carries session= too."""
    import threading

    from websockets.sync.server import serve

    from simulation.ui import voila_request

    def handler(ws):
        ws.send(json.dumps({"QUERY_STRING": "code=xyz&lang=en&session=k7qm3xpa"}))

    with serve(handler, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_PORT", str(server.socket.getsockname()[1]))
        monkeypatch.setenv("VOILA_KERNEL_ID", "abc-123")
        monkeypatch.setenv("QUERY_STRING", "")  # restored by monkeypatch afterwards
        query = voila_request.query_string()
        server.shutdown()
    assert (parse_query_code(query), parse_query_lang(query), parse_query_session(query)) == (
        "xyz", "en", "K7QM-3XPA")
