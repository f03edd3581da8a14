"""The live room's store: rounds, votes, the facilitator's actions, concurrent writers,
bad input, expiry, reconnection, export (on the fixture model ``tests/data/mini``)."""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.live.export import CSV_COLUMNS, export_csv, export_json
from simulation.live.store import (
    MAX_PARTICIPANTS,
    MAX_TEXT,
    ROOM_CODE_PATTERN,
    RoomError,
    RoomStore,
    clean_text,
    new_room_code,
    normalize_room_code,
    tally,
)
from simulation.store import DB_NAME, SqliteSessionStore


class Clock:
    """A wall clock the test moves by hand [s]."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, mini_model, clock):
    def total_kg(territory, levels):
        return float(mini_model.evaluate(dict(levels), territory=territory).value(2050))

    return RoomStore.in_folder(tmp_path, lever_ids=mini_model.lever_ids, total_kg=total_kg,
                               clock=clock)


@pytest.fixture
def room(store):
    code, secret = store.create_room("france", n_teams=2)
    return code, secret


def _levers(store):
    return store.lever_ids


# ------------------------------------------------------------------------------- codes
def test_room_codes_are_short_and_unambiguous():
    codes = {new_room_code() for _ in range(1000)}
    assert len(codes) == 1000
    for code in codes:
        assert ROOM_CODE_PATTERN.fullmatch(code), code
        assert not set(code) & set("01OIlLUu")


@pytest.mark.parametrize(("text", "expected"), [
    ("K7Q-M3X", "K7Q-M3X"), (" k7q m3x ", "K7Q-M3X"), ("k7qm3x", "K7Q-M3X"),
    ("K7Q-M30", None), ("K7Q-M3", None), ("K7Q-M3XX", None), ("", None), (None, None),
    (123456, None), ("<b>K7Q</b>", None), ("x" * 10_000, None),
])
def test_room_codes_are_read_forgivingly(text, expected):
    assert normalize_room_code(text) == expected


def test_a_tie_goes_to_the_lower_level():
    assert tally([0, 0, 3, 0, 0]) == 2
    assert tally([1, 0, 2, 0, 2]) == 2
    assert tally([0, 0, 0, 0, 0]) == 0


# ------------------------------------------------------------------------------- rounds
def test_set_round_changes_the_team_and_bumps_the_version(store, room):
    code, _secret = room
    who, token = store.join(code, "Camille")
    assert store.version(code) == 2  # created, joined
    with pytest.raises(RoomError, match="pas encore ouverte") as info:
        store.change(token, "covoiturage", 2)
    assert info.value.status == 409
    store.open_round(code, "set")
    version = store.change(token, "covoiturage", 2)
    snap = store.snapshot(code)
    assert snap.version == version
    assert snap.status == "open"
    assert snap.teams[who.team].levels == {"covoiturage": 2}
    assert [m.pseudonym for m in snap.teams[who.team].members] == ["Camille"]
    events = store.events(code)
    assert [e["version"] for e in events] == list(range(1, version + 1))
    assert events[-1] | {"at": 0} == {"version": version, "at": 0, "round": 1, "actor": "P1",
                                      "kind": "set", "team": who.team, "lever": "covoiturage",
                                      "level": 2, "detail": None}


def test_vote_round_takes_the_most_voted_level_and_keeps_it_after_the_lock(store, room):
    code, _ = room
    tokens = [store.join(code, f"P{i}", 0)[1] for i in range(3)]
    other = store.join(code, "Autre", 1)[1]
    store.open_round(code, "set")
    store.change(tokens[0], "renovation", 1)
    store.open_round(code, "vote")  # locks round 1
    for token, level in zip(tokens, (3, 3, 1), strict=True):
        store.change(token, "covoiturage", level)
    store.change(tokens[2], "covoiturage", 4)  # the last vote of a participant counts
    store.change(other, "flexitarien", 2)
    snap = store.snapshot(code)
    team = snap.teams[0]
    assert team.votes["covoiturage"] == (0, 0, 0, 2, 1)
    assert team.levels == {"renovation": 1, "covoiturage": 3}  # base + vote
    assert team.ballots[3] == {"covoiturage": 4}
    assert snap.teams[1].levels == {"flexitarien": 2}
    store.lock_round(code)
    snap = store.snapshot(code)
    assert snap.status == "locked"
    assert snap.teams[0].base == {"covoiturage": 3, "renovation": 1}
    results = snap.current.results
    assert results["teams"][0]["levels"] == {"covoiturage": 3, "renovation": 1}
    assert results["teams"][0]["votes"] == {"covoiturage": [0, 0, 0, 2, 1]}
    assert results["teams"][0]["total_kg"] < results["teams"][1]["total_kg"] + 1e6
    with pytest.raises(RoomError, match="verrouillée") as info:
        store.change(tokens[0], "covoiturage", 0)
    assert info.value.status == 409
    store.reveal_round(code)
    assert store.snapshot(code).status == "revealed"
    assert [r.status for r in store.snapshot(code).rounds] == ["locked", "revealed"]


def test_switching_team_withdraws_the_votes_of_the_round(store, room):
    code, _ = room
    _who, token = store.join(code, "A", 0)
    store.open_round(code, "vote")
    store.change(token, "covoiturage", 4)
    store.switch_team(token, 1)
    snap = store.snapshot(code)
    assert snap.teams[0].votes == {} and snap.teams[0].levels == {}
    assert [m.pseudonym for m in snap.teams[1].members] == ["A"]
    with pytest.raises(RoomError, match="équipe invalide"):
        store.switch_team(token, 2)


def test_the_facilitator_resets_a_team_and_ends_the_room(store, room):
    code, _ = room
    _who, token = store.join(code, "A", 1)
    store.open_round(code, "set")
    store.change(token, "covoiturage", 3)
    store.facilitator_set(code, 1, {"renovation": 2})
    assert store.snapshot(code).teams[1].levels == {"covoiturage": 3, "renovation": 2}
    before = store.version(code)
    assert store.facilitator_set(code, 1, {"renovation": 2}) == before  # nothing changed
    store.reset_team(code, 1)
    assert store.snapshot(code).teams[1].levels == {}
    store.end_room(code)
    snap = store.snapshot(code)
    assert snap.status == "ended"
    assert snap.current.status == "locked"  # the open round was locked and kept
    for action in (lambda: store.change(token, "covoiturage", 1),
                   lambda: store.join(code, "B"),
                   lambda: store.open_round(code, "set"),
                   lambda: store.rename_team(token, "x")):
        with pytest.raises(RoomError, match="terminée") as info:
            action()
        assert info.value.status == 410


def test_an_expired_room_refuses_everything_but_can_be_read_and_exported(store, room, clock):
    code, _ = room
    _who, token = store.join(code, "A")
    store.open_round(code, "set")
    store.change(token, "covoiturage", 1)
    clock.now += 12 * 3600 + 1
    assert store.snapshot(code).status == "expired"
    assert store.resumable() is None
    with pytest.raises(RoomError, match="expiré") as info:
        store.change(token, "covoiturage", 2)
    assert info.value.status == 410
    with pytest.raises(RoomError, match="expiré"):
        store.join(code, "B")
    assert export_json(store, code)["status"] == "expired"


def test_the_last_open_room_is_resumed_and_rooms_are_purged(store, clock):
    first, _ = store.create_room("france")
    clock.now += 60
    second, secret = store.create_room("france")
    assert store.resumable() == (second, secret)
    store.end_room(second)
    assert store.resumable()[0] == first
    clock.now += 13 * 3600
    assert store.purge(30) == []
    clock.now += 31 * 86400
    assert sorted(store.purge(30)) == sorted([first, second])
    assert store.rooms() == []
    with sqlite3.connect(store.path) as db:
        for table in ("room_events", "room_teams", "room_rounds", "room_participants"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


# ----------------------------------------------------------------------- the secret, codes
@pytest.mark.parametrize("secret", [None, "", "faux", 12, "x" * 5000])
def test_a_wrong_or_missing_secret_is_refused(store, room, secret):
    code, good = room
    with pytest.raises(RoomError, match="clé d'animation") as info:
        store.check_secret(code, secret)
    assert info.value.status == 403
    assert store.check_secret(code.lower().replace("-", " "), good) == code


@pytest.mark.parametrize("code", ["ZZZ-ZZZ", "nope", None, 42])
def test_a_wrong_room_code_is_refused(store, room, code):
    with pytest.raises(RoomError) as info:
        store.join(code, "A")
    assert info.value.status == 404
    with pytest.raises(RoomError):
        store.check_secret(code, room[1])


def test_the_database_keeps_no_token_and_the_export_no_pseudonym_or_secret(store, room):
    code, secret = room
    _who, token = store.join(code, "Dominique Secret")
    store.open_round(code, "vote")
    store.change(token, "covoiturage", 2)
    store.lock_round(code)
    raw = store.path.read_bytes() + b"".join(
        p.read_bytes() for p in store.path.parent.glob(DB_NAME + "-wal"))
    assert token.encode() not in raw
    exported = json.dumps(export_json(store, code)) + export_csv(store, code)
    assert "Dominique" not in exported
    assert secret not in exported
    assert token not in exported


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("lever", "level", "message"), [
    ("nope", 1, "levier inconnu"), (None, 1, "levier inconnu"), (["covoiturage"], 1, "levier"),
    ({"a": 1}, 1, "levier"), ("covoiturage", 5, "niveau invalide"),
    ("covoiturage", -1, "niveau invalide"), ("covoiturage", "2", "niveau invalide"),
    ("covoiturage", 2.0, "niveau invalide"), ("covoiturage", True, "niveau invalide"),
    ("covoiturage", None, "niveau invalide"), ("x" * 100_000, 1, "levier inconnu"),
])
def test_malformed_changes_are_refused_and_change_nothing(store, room, lever, level, message):
    code, _ = room
    _who, token = store.join(code, "A")
    store.open_round(code, "set")
    before = store.version(code)
    with pytest.raises(RoomError, match=message) as info:
        store.change(token, lever, level)
    assert info.value.status == 400
    assert len(str(info.value)) < 200
    assert store.version(code) == before


@pytest.mark.parametrize("token", [None, "", "court", "x" * 300, 12, "y" * 40])
def test_an_unknown_token_is_refused(store, room, token):
    with pytest.raises(RoomError, match="participant inconnu") as info:
        store.change(token, "covoiturage", 1)
    assert info.value.status == 401


@pytest.mark.parametrize(("text", "expected"), [
    ("  Les   Gazelles ", "Les Gazelles"),
    ("<img src=x onerror=1>", "<img src=x onerror=1>"),  # kept as text, escaped on display
    ("🌍🔥 Équipe été", "🌍🔥 Équipe été"),
    ("tab\there\nnewline", "tab here newline"),
    ("", ""), (None, ""),
])
def test_texts_are_cleaned_but_kept_as_typed(text, expected):
    assert clean_text(text, "nom") == expected


@pytest.mark.parametrize("text", ["x" * (MAX_TEXT + 1), "é" * 1000, "🌍" * 30])
def test_texts_over_the_limit_are_refused(store, room, text):
    code, _ = room
    with pytest.raises(RoomError, match=f"{MAX_TEXT} caractères") as info:
        store.join(code, text)
    assert info.value.status == 400
    _who, token = store.join(code, "ok")
    with pytest.raises(RoomError, match="trop long"):
        store.rename_team(token, text)


@pytest.mark.parametrize("value", [12, ["a"], {"a": 1}, 3.5, True])
def test_texts_of_the_wrong_type_are_refused(value):
    with pytest.raises(RoomError, match="du texte est attendu"):
        clean_text(value, "pseudonyme")


@given(st.text(max_size=60))
def test_any_text_is_either_refused_or_kept_short_and_printable(text):
    try:
        cleaned = clean_text(text, "nom")
    except RoomError:
        return
    assert len(cleaned) <= MAX_TEXT
    assert all(ch.isprintable() for ch in cleaned)


def test_a_room_has_a_bounded_number_of_participants(store, room):
    code, _ = room
    for i in range(MAX_PARTICIPANTS):
        store.join(code, f"P{i}")
    with pytest.raises(RoomError, match="complète") as info:
        store.join(code, "one more")
    assert info.value.status == 409
    sizes = [len(t.members) for t in store.snapshot(code).teams]
    assert sizes == [MAX_PARTICIPANTS // 2] * 2  # no team given: the smallest team


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_teams": 0}, "nombre d'équipes"), ({"n_teams": 5}, "nombre d'équipes"),
    ({"n_teams": "4"}, "nombre d'équipes"), ({"hours": 0}, "durée"), ({"hours": 100}, "durée"),
])
def test_a_room_is_created_with_sane_limits(store, kwargs, message):
    with pytest.raises(RoomError, match=message):
        store.create_room("france", **kwargs)


def test_an_unknown_mode_is_refused(store, room):
    with pytest.raises(RoomError, match="mode de manche invalide"):
        store.open_round(room[0], "chaos")


# ------------------------------------------------------------------------ reconnection
def test_a_participant_reconnects_with_its_token_from_another_store_object(store, room,
                                                                          mini_model):
    code, _ = room
    who, token = store.join(code, "Sam", 1)
    store.close()
    again = RoomStore.in_folder(store.path.parent, lever_ids=mini_model.lever_ids)
    assert again.participant(token) == who
    again.open_round(code, "set")
    again.change(token, "teletravail", 1)
    assert store.snapshot(code).teams[1].levels == {"teletravail": 1}  # reopened by itself


def test_rooms_live_next_to_the_sessions_in_one_wal_file(store, room):
    assert store.journal_mode() == "wal"
    sessions = SqliteSessionStore(store.path)
    sessions.save("K7QM-3XPA", {"teams": []})
    assert sessions.load("K7QM-3XPA") == {"teams": []}
    assert store.snapshot(room[0]).code == room[0]


# --------------------------------------------------------------------- concurrent writers
def test_sixteen_threads_writing_at_once_lose_no_change(tmp_path, mini_model):
    """16 participants (own connection each) × 50 changes; the final levels are exactly the
    last acknowledged change of each lever of each team, and every change has its event."""
    first = RoomStore.in_folder(tmp_path, lever_ids=mini_model.lever_ids)
    code, _ = first.create_room("france", n_teams=4)
    joined = [first.join(code, f"P{i}", i % 4) for i in range(16)]
    first.open_round(code, "set")
    acks: list[tuple[int, int, str, int]] = []
    lock = threading.Lock()
    start = threading.Barrier(16)

    def play(i: int) -> None:
        store = RoomStore.in_folder(tmp_path, lever_ids=mini_model.lever_ids)
        who, token = joined[i]
        rng = random.Random(i)
        start.wait()
        for _ in range(50):
            lever, level = rng.choice(mini_model.lever_ids), rng.randint(0, 4)
            version = store.change(token, lever, level)
            with lock:
                acks.append((version, who.team, lever, level))
        store.close()

    threads = [threading.Thread(target=play, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(acks) == 800
    versions = sorted(a[0] for a in acks)
    assert len(set(versions)) == 800  # every change has its own version
    expected: dict[int, dict[str, int]] = {t: {} for t in range(4)}
    for _version, team, lever, level in sorted(acks):
        expected[team][lever] = level
    snap = first.snapshot(code)
    for team in snap.teams:
        assert team.levels == {k: v for k, v in expected[team.index].items() if v}
    changes = [e for e in first.events(code) if e["kind"] == "set"]
    assert sorted((e["version"], e["team"], e["lever"], e["level"]) for e in changes) == sorted(acks)


def test_several_processes_and_a_vote_lose_no_ballot(tmp_path, mini_model):
    """Four processes, four participants each, vote at once: every last ballot is kept."""
    store = RoomStore.in_folder(tmp_path, lever_ids=mini_model.lever_ids)
    code, _ = store.create_room("france", n_teams=4)
    tokens = [store.join(code, f"P{i}", i % 4)[1] for i in range(16)]
    store.open_round(code, "vote")
    script = textwrap.dedent(f"""
        import json, random, sys
        from simulation.live.store import RoomStore
        tokens = json.loads(sys.argv[1])
        store = RoomStore.in_folder({str(tmp_path)!r}, lever_ids={list(mini_model.lever_ids)!r})
        last = {{}}
        rng = random.Random(sys.argv[2])
        for n in range(200):
            token = tokens[n % len(tokens)]
            lever, level = rng.choice(store.lever_ids), rng.randint(0, 4)
            store.change(token, lever, level)
            last[f"{{token}} {{lever}}"] = level
        print(json.dumps(last))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, json.dumps(tokens[4 * k: 4 * k + 4]),
                               str(k)], stdout=subprocess.PIPE, text=True) for k in range(4)]
    expected = {}
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        expected.update(json.loads(out))
    who = {store.participant(tok).id: tok for tok in tokens}
    snap = store.snapshot(code)
    found = {f"{who[pid]} {lever}": level
             for team in snap.teams for pid, ballot in team.ballots.items()
             for lever, level in ballot.items()}
    assert found == expected
    assert len([e for e in store.events(code) if e["kind"] == "vote"]) == 800


# --------------------------------------------------------------------------------- export
def test_the_csv_export_has_one_row_per_round_and_team(store, room):
    code, _ = room
    _who, token = store.join(code, "A", 0)
    store.rename_team(token, "=HYPERLINK(\"x\")")
    store.open_round(code, "set")
    store.change(token, "covoiturage", 2)
    store.open_round(code, "vote")
    store.change(token, "renovation", 3)
    store.reveal_round(code)
    store.open_round(code, "set")  # still open: no result yet
    rows = list(csv.reader(io.StringIO(export_csv(store, code))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [(r["manche"], r["equipe"]) for r in body] == [("1", "1"), ("1", "2"), ("2", "1"), ("2", "2")]
    assert body[0]["niveaux"] == "covoiturage=2"
    assert body[2]["niveaux"] == "covoiturage=2;renovation=3"
    assert body[2]["votes"] == "renovation=0/0/0/1/0>3"
    assert body[0]["nom_equipe"].startswith("'=")  # no formula in a spreadsheet
    assert float(body[0]["total_2050_kgco2e_hab"]) > 0
    data = export_json(store, code)
    assert [r["status"] for r in data["rounds"]] == ["locked", "revealed", "open"]
    assert [e["kind"] for e in data["events"]][:3] == ["create", "join", "name"]
