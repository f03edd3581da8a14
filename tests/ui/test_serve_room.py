"""``atelier serve --room`` and ``atelier room``: options, printed addresses, the export.

No test here starts a server: the room server's ``run`` is replaced (the real one runs in
``tests/e2e/test_live_room.py``).
"""

from __future__ import annotations

import csv
import json
import os
import socket

import pytest

from simulation.cli import main
from simulation.live.store import RoomStore
from simulation.ui import room_server
from simulation.ui import serve as srv
from simulation.ui.serve import ServeOptions, voila_argv

ENV = ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "ATELIER_DATA", "VOILA_APP_IP",
       "ATELIER_STATE_DIR", "ATELIER_ROOM_URL")


@pytest.fixture(autouse=True)
def no_server(monkeypatch, tmp_path):
    for name in ENV:
        monkeypatch.setenv(name, os.environ.get(name, ""))
        if not os.environ[name]:
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    calls = []
    monkeypatch.setattr(room_server, "run", lambda argv: calls.append(argv) or 0)
    return calls


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_room_s_code_goes_to_voila_and_the_secret_does_not(monkeypatch, capsys, no_server,
                                                              tmp_path):
    monkeypatch.setattr(srv, "lan_address", lambda: "192.168.1.20")
    port = _port()
    assert main(["serve", "--room", "--no-browser", "--port", str(port), "--state-dir",
                 str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    (argv,) = no_server
    assert "--Voila.ip=0.0.0.0" in argv  # --room listens on the room's network by default
    code = next(a.split("=", 1)[1] for a in argv if a.startswith("--AtelierVoila.live_room="))
    secret = RoomStore.in_folder(tmp_path / "s").facilitator_secret(code)
    assert secret not in " ".join(argv)  # not on a command line
    assert f"Salle en direct ouverte : code {code}" in out
    assert f"http://192.168.1.20:{port}/salle/?code={code}" in out
    assert f"http://localhost:{port}/?salle={code}&cle={secret}" in out
    assert os.environ["ATELIER_ROOM_URL"] == f"http://192.168.1.20:{port}/salle/"


def test_a_second_start_resumes_the_room_unless_asked_for_a_new_one(capsys, no_server,
                                                                   tmp_path):
    state = str(tmp_path / "s")
    args = ["serve", "--room", "--host", "127.0.0.1", "--no-browser", "--state-dir", state]
    assert main([*args, "--port", str(_port())]) == 0
    first = capsys.readouterr().out
    assert "Attention : les téléphones" in first  # 127.0.0.1: phones cannot reach it
    assert main([*args, "--port", str(_port())]) == 0
    assert "Salle en direct reprise" in capsys.readouterr().out
    assert main([*args, "--port", str(_port()), "--new-room"]) == 0
    assert "Salle en direct ouverte" in capsys.readouterr().out
    codes = [a.split("=", 1)[1] for argv in no_server for a in argv
             if a.startswith("--AtelierVoila.live_room=")]
    assert codes[0] == codes[1] != codes[2]


def test_without_room_nothing_changes():
    argv = voila_argv(ServeOptions())
    assert not any("live_room" in a for a in argv)
    assert "--Voila.ip=127.0.0.1" in argv


@pytest.mark.parametrize(("args", "message"), [
    (["--room-hours", "0"], "--room-hours invalide"),
    (["--room-hours", "100"], "--room-hours invalide"),
    (["--room-teams", "5"], "--room-teams invalide"),
    (["--room-teams", "0"], "--room-teams invalide"),
])
def test_bad_room_options_are_messages(capsys, no_server, args, message):
    assert main(["serve", "--room", "--no-browser", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert no_server == []


def test_room_export_list_and_purge(capsys, tmp_path):
    store = RoomStore.in_folder(tmp_path, lever_ids=("covoiturage",))
    code, secret = store.create_room("france", n_teams=2)
    _who, token = store.join(code, "Dominique")
    store.open_round(code, "set")
    store.change(token, "covoiturage", 2)
    store.lock_round(code)
    assert main(["room", "list", "--state-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert code in out and "ouverte" in out
    target = tmp_path / "export.csv"
    assert main(["room", "export", code.lower(), "--state-dir", str(tmp_path),
                 "--out", str(target)]) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["niveaux"] for r in rows] == ["covoiturage=2", ""]
    assert main(["room", "export", code, "--format", "json", "--state-dir", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["room"] == code and "Dominique" not in json.dumps(data)
    assert secret not in json.dumps(data)
    assert main(["room", "purge", "--days", "0", "--state-dir", str(tmp_path)]) == 0
    assert "0 salle(s) effacée(s)" in capsys.readouterr().out  # still open: kept


@pytest.mark.parametrize(("args", "message"), [
    (["export", "ZZZ-ZZZ"], "salle inconnue"),
    (["export", "n'importe"], "code de salle invalide"),
    (["export", "ZZZ-ZZZ", "--out", "/nonexistent/dir/x.csv"], "salle inconnue"),
    (["purge", "--days", "-1"], "nombre de jours invalide"),
])
def test_room_command_errors_are_messages(capsys, tmp_path, args, message):
    RoomStore.in_folder(tmp_path)
    assert main(["room", *args[:1], *args[1:], "--state-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_room_command_without_a_session_folder(capsys, tmp_path):
    assert main(["room", "list", "--state-dir", str(tmp_path / "rien")]) == 1
    assert "aucun dossier de sessions" in capsys.readouterr().err
