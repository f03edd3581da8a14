"""The session store: ids, SQLite in WAL mode, several writing processes, broken files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.store import (
    DB_NAME,
    ID_ALPHABET,
    ID_PATTERN,
    SessionStore,
    SqliteSessionStore,
    StoreError,
    default_state_dir,
    new_session_id,
    normalize_session_id,
)


def test_ids_are_short_grouped_and_unambiguous():
    ids = {new_session_id() for _ in range(2000)}
    assert len(ids) == 2000  # 39 bits of randomness: no collision in 2000 draws
    for sid in ids:
        assert ID_PATTERN.fullmatch(sid), sid
        assert not set(sid) & set("01OIlLUu")
    assert set(ID_ALPHABET) == set("23456789ABCDEFGHJKMNPQRSTVWXYZ")
    # every digit of the alphabet shows up (the draw is not biased to a few)
    assert set("".join(ids).replace("-", "")) == set(ID_ALPHABET)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("K7QM-3XPA", "K7QM-3XPA"),
        ("k7qm3xpa", "K7QM-3XPA"),
        (" k7qm 3xpa ", "K7QM-3XPA"),
        ("K7QM-3XP0", None),  # 0 is not a digit of the alphabet
        ("K7QM-3XPI", None),
        ("K7QM-3XPU", None),
        ("K7QM-3XP", None),
        ("K7QM-3XPAB", None),
        ("", None),
        ("<script>", None),
        (None, None),
        (12345678, None),
    ],
)
def test_normalize_session_id(text, expected):
    assert normalize_session_id(text) == expected


@given(st.text(max_size=40))
def test_normalize_gives_a_valid_id_or_none(text):
    result = normalize_session_id(text)
    assert result is None or ID_PATTERN.fullmatch(result)


def test_default_state_dir_follows_xdg(tmp_path):
    assert default_state_dir({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "atelier-transition"
    assert default_state_dir({"ATELIER_STATE_DIR": str(tmp_path / "x"),
                              "XDG_DATA_HOME": "/elsewhere"}) == tmp_path / "x"
    home = default_state_dir({"HOME": str(tmp_path)})
    assert home.parts[-3:] == (".local", "share", "atelier-transition")
    # a relative XDG_DATA_HOME is invalid by the XDG spec and ignored
    assert default_state_dir({"XDG_DATA_HOME": "relative"}).parts[-2:] == ("share",
                                                                           "atelier-transition")


def test_save_and_load_round_trip_in_wal_mode(tmp_path):
    store = SqliteSessionStore.in_folder(tmp_path / "state")
    assert isinstance(store, SessionStore)
    assert store.path == tmp_path / "state" / DB_NAME
    assert store.journal_mode() == "wal"
    sid = new_session_id()
    assert store.load(sid) is None
    state = {"teams": [{"name": "Les Cigales", "levels": {"velo": 3}}], "lang": "fr"}
    store.save(sid, state)
    assert store.load(sid) == state
    store.save(sid.lower().replace("-", ""), {"teams": []})  # the same id, written loosely
    assert store.load(sid) == {"teams": []}
    assert store.count() == 1
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_bad_ids_and_states_are_refused(tmp_path):
    store = SqliteSessionStore(tmp_path / DB_NAME)
    with pytest.raises(StoreError, match="identifiant de session invalide"):
        store.save("pas un id", {})
    with pytest.raises(StoreError, match="identifiant de session invalide"):
        store.load("'; DROP TABLE sessions; --")
    with pytest.raises(ValueError, match="Out of range float"):
        store.save(new_session_id(), {"x": float("nan")})
    with pytest.raises(StoreError, match="trop grande"):
        store.save(new_session_id(), {"x": "a" * 1_100_000})
    assert store.count() == 0


WRITER = textwrap.dedent(
    """
    import sys
    from simulation.store import SqliteSessionStore
    path, worker, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = SqliteSessionStore(path)
    alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
    for i in range(n):
        sid = alphabet[worker] * 4 + "-" + "".join(alphabet[int(d)] for d in f"{i:04d}")
        store.save(sid, {"worker": worker, "i": i, "levels": {"a": i % 5}})
        # rewrite an earlier one too, so writers overlap on updates as well as inserts
        if i % 3 == 0:
            store.save(sid, {"worker": worker, "i": i, "levels": {"a": 4}})
    """
)


def test_concurrent_writers_from_several_processes_lose_nothing(tmp_path):
    path = tmp_path / DB_NAME
    SqliteSessionStore(path)
    workers, per_worker = 4, 60
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(w), str(per_worker)],
                         stderr=subprocess.PIPE)
        for w in range(workers)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * workers, errors
    store = SqliteSessionStore(path)
    assert store.count() == workers * per_worker
    alphabet = ID_ALPHABET
    for w in range(workers):
        for i in range(per_worker):
            sid = alphabet[w] * 4 + "-" + "".join(alphabet[int(d)] for d in f"{i:04d}")
            expected = {"worker": w, "i": i, "levels": {"a": 4 if i % 3 == 0 else i % 5}}
            assert store.load(sid) == expected


def test_a_corrupt_file_is_a_clear_french_error(tmp_path):
    path = tmp_path / DB_NAME
    path.write_bytes(b"ceci n'est pas une base de donnees\n" * 200)
    with pytest.raises(StoreError) as info:
        SqliteSessionStore(path)
    message = str(info.value)
    assert "illisible" in message
    assert "ce n'est pas une base SQLite" in message
    assert "--state-dir" in message
    assert "Traceback" not in message


def test_a_damaged_page_is_a_clear_french_error(tmp_path):
    path = tmp_path / DB_NAME
    store = SqliteSessionStore(path)
    for i in range(200):
        store.save(new_session_id(), {"i": i, "pad": "x" * 2000})
    with sqlite3.connect(path) as db:  # fold the WAL into the main file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xff" * 8192  # overwrite two pages of the table's b-tree
    path.write_bytes(bytes(data))
    reopened = SqliteSessionStore(path)  # the schema page is intact
    with pytest.raises(StoreError, match=r"illisible \(fichier abîmé\)"):
        reopened.count()


def test_a_file_that_cannot_be_opened_is_a_clear_french_error(tmp_path):
    path = tmp_path / DB_NAME
    path.mkdir()  # a folder where the database file should be
    with pytest.raises(StoreError) as info:
        SqliteSessionStore(path)
    assert "impossible d'ouvrir le fichier" in str(info.value)
    assert "--state-dir" in str(info.value)


def test_a_folder_that_cannot_be_created_is_a_clear_french_error(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("")
    with pytest.raises(StoreError, match="impossible de créer le dossier des sessions"):
        SqliteSessionStore.in_folder(blocker / "sous-dossier")
