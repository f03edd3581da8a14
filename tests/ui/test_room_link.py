"""The facilitator's dashboard linked to a live room, without a browser (headless widgets).

The room store is written the way the server process writes it (participants joining and
changing levers); :meth:`RoomLink.tick` is called by hand (in a kernel a periodic callback
calls it every 0.4 s).
"""

from __future__ import annotations

import base64
import io
import json

import pytest

from simulation.live.store import RoomStore
from simulation.store import SqliteSessionStore
from simulation.ui.app import AtelierApp
from simulation.ui.room_link import RoomLink, participant_link, room_query
from simulation.ui.state import Session


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ATELIER_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("ATELIER_ROOM_URL", "http://192.168.1.20:8866/salle/")
    return tmp_path


@pytest.fixture
def rooms(folder, model):
    return RoomStore.in_folder(folder, lever_ids=model.lever_ids)


@pytest.fixture
def room(rooms):
    return rooms.create_room("france", n_teams=3)


@pytest.fixture
def linked(model, folder, rooms, room):
    """The dashboard opened at the facilitator's address."""
    app = AtelierApp(model=model, store=SqliteSessionStore.in_folder(folder))
    code, secret = room
    app.restore_from_query(f"salle={code}&cle={secret}")
    assert isinstance(app.room, RoomLink)
    return app


def test_the_query_names_the_room_and_its_secret():
    assert room_query("salle=K7Q-M3X&cle=s3cr3t&lang=en") == ("K7Q-M3X", "s3cr3t")
    assert room_query("salle=K7Q-M3X") == ("K7Q-M3X", "")
    assert room_query("code=abc") is None
    assert room_query(None) is None


def test_the_participants_link_comes_from_the_server(monkeypatch):
    env = {"ATELIER_ROOM_URL": "http://10.0.0.5:8866/salle/"}
    assert participant_link("K7Q-M3X", env) == "http://10.0.0.5:8866/salle/?code=K7Q-M3X"
    env = {"SERVER_NAME": "localhost", "SERVER_PORT": "8866", "SCRIPT_NAME": "/"}
    assert participant_link("K7Q-M3X", env) == "http://localhost:8866/salle/?code=K7Q-M3X"
    assert participant_link("K7Q-M3X", {}) == ""


@pytest.mark.parametrize("secret", ["", "faux", "x" * 500])
def test_without_the_right_secret_no_panel_and_a_message(model, folder, room, secret):
    app = AtelierApp(model=model, store=SqliteSessionStore.in_folder(folder))
    app.restore_from_query(f"salle={room[0]}&cle={secret}")
    assert app.room is None
    assert "Salle non affichée" in app.status_text and "clé d'animation" in app.status_text
    assert len(app.widget.children) == 3  # theme, header, tabs: no panel


def test_an_unknown_room_is_a_message(model, folder, room):
    app = AtelierApp(model=model, store=SqliteSessionStore.in_folder(folder))
    app.restore_from_query(f"salle=ZZZ-ZZZ&cle={room[1]}")
    assert app.room is None and "salle inconnue" in app.status_text


def test_the_panel_shows_the_code_the_qr_code_and_the_room_s_teams(linked, room):
    code, _ = room
    assert linked.widget.children[2] is linked.room.panel.widget
    join = linked.room.panel.join.value
    assert code in join and "<svg" in join
    assert "http://192.168.1.20:8866/salle/?code=" + code in join
    assert linked.session.team_names() == ["Équipe 1", "Équipe 2", "Équipe 3"]
    status = linked.room.panel.status.value
    assert 'data-room-status="waiting"' in status
    assert "ouvrez la manche 1" in status


def test_a_phone_s_change_reaches_the_dashboard_at_the_next_tick(linked, rooms, room):
    code, _ = room
    _who, token = rooms.join(code, "Camille", 1)
    rooms.rename_team(token, "Les Gazelles")
    rooms.open_round(code, "set")
    rooms.change(token, "covoiturage", 3)
    before = linked.room.renders
    linked.room.tick()
    assert linked.room.renders == before + 1
    assert linked.session.levels(1)["covoiturage"] == 3
    assert linked.session.team_names()[1] == "Les Gazelles"
    assert "Les Gazelles" in linked.header.teams.options[1][0]
    total = linked.room.panel.teams.value
    assert 'data-testid="room-total-1"' in total and "Camille" in total
    linked.room.tick()  # nothing new: no redraw
    assert linked.room.renders == before + 1


def test_the_facilitator_s_own_changes_go_to_the_room(linked, rooms, room):
    code, _ = room
    linked.session.select_team(2)
    linked._on_level("renovation", 2)
    linked.session.rename_team("Animation")
    linked.session.set_territory("montpellier-metropole")
    linked.room.tick()
    snap = rooms.snapshot(code)
    assert snap.teams[2].levels == {"renovation": 2}
    assert snap.teams[2].name == "Animation"
    assert snap.territory == "montpellier-metropole"
    kinds = [(e["actor"], e["kind"]) for e in rooms.events(code)][-3:]
    assert kinds == [("animation", "territory"), ("animation", "set"), ("animation", "name")]


def test_concurrent_changes_of_phone_and_facilitator_are_both_kept(linked, rooms, room):
    code, _ = room
    _who, token = rooms.join(code, "A", 0)
    rooms.open_round(code, "set")
    linked.room.tick()
    linked.session.select_team(0)
    linked._on_level("chauffage_19", 2)  # on the dashboard …
    rooms.change(token, "covoiturage", 4)  # … and on a phone, before the next tick
    linked.room.tick()
    assert rooms.snapshot(code).teams[0].levels == {"chauffage_19": 2, "covoiturage": 4}
    assert linked.session.levels(0)["covoiturage"] == 4
    assert linked.session.levels(0)["chauffage_19"] == 2


def test_participant_texts_are_escaped_on_the_projected_screen(linked, rooms, room):
    code, _ = room
    _who, token = rooms.join(code, "<img src=x onerror=f()>", 0)
    rooms.rename_team(token, "<b>Équipe</b> & co 🌍")
    linked.room.tick()
    table = linked.room.panel.teams.value
    assert "<img src=x" not in table and "&lt;img src=x onerror=f()&gt;" in table
    assert "<b>Équipe</b>" not in table and "&lt;b&gt;Équipe&lt;/b&gt; &amp; co 🌍" in table
    linked.room.panel.team.value = "0"
    # the header's team buttons and the teams tab escape as before
    linked.tabs.selected_index = 3
    assert "&lt;b&gt;Équipe" in linked.tabs_content[3].table.value


def test_rounds_from_the_panel_s_buttons(linked, rooms, room):
    code, _ = room
    panel = linked.room.panel
    _who, token = rooms.join(code, "A", 0)
    panel.mode.value = "vote"
    panel.open.click()
    assert rooms.snapshot(code).current.mode == "vote"
    assert 'data-room-status="open"' in panel.status.value
    assert "vote" in panel.status.value
    rooms.change(token, "covoiturage", 2)
    linked.room.tick()
    assert 'data-testid="room-votes-0"' in panel.teams.value
    assert "0 · 0 · 1 · 0 · 0 → 2" in panel.teams.value
    assert not panel.lock.disabled
    panel.lock.click()
    assert rooms.snapshot(code).status == "locked"
    assert panel.lock.disabled
    panel.reveal.click()
    assert rooms.snapshot(code).status == "revealed"
    panel.team.value = "0"
    panel.reset.click()
    assert rooms.snapshot(code).teams[0].levels == {}
    assert linked.session.levels(0)["covoiturage"] == 0
    panel.end.click()  # first click: asks for confirmation
    assert rooms.snapshot(code).status == "revealed"
    assert panel.end.description == "Confirmer : terminer ?"
    panel.end.click()
    assert rooms.snapshot(code).status == "ended"
    assert panel.open.disabled and panel.reset.disabled and panel.end.disabled
    assert "Salle terminée" in panel.status.value


def test_the_panel_follows_the_dashboard_s_language(linked):
    assert "Salle en direct" in linked.room.panel.join.value
    linked._on_lang()
    linked.room.tick()
    assert "Live room" in linked.room.panel.join.value
    assert linked.room.panel.lock.description == "Lock"


def test_the_exports_are_download_links(linked, rooms, room):
    code, _ = room
    rooms.open_round(code, "set")
    rooms.lock_round(code)
    linked.room.panel.csv.click()
    link = linked.room.panel.download.value
    assert f'download="salle-{code}.csv"' in link
    data = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode()
    assert data.startswith("salle,manche,mode")
    linked.room.panel.json.click()
    link = linked.room.panel.download.value
    data = json.loads(base64.b64decode(link.split("base64,")[1].split('"')[0]))
    assert data["room"] == code and data["rounds"][0]["status"] == "locked"


def test_the_take_home_roadmap_lists_the_room_s_rounds(linked, rooms, room):
    from pypdf import PdfReader

    code, _ = room
    _who, token = rooms.join(code, "A", 1)
    rooms.rename_team(token, "Les Gazelles")
    for level in (2, 4):
        rooms.open_round(code, "set")
        rooms.change(token, "covoiturage", level)
        rooms.lock_round(code)
    linked.room.tick()
    linked.session.select_team(1)
    linked._on_pdf()
    text = PdfReader(io.BytesIO(linked.last_pdf)).pages[0].extract_text()
    assert "Les manches de la salle" in text
    assert "Manche 1" in text and "Manche 2" in text
    assert "Les Gazelles" in text
    rounds = linked.room.roadmap_rounds(1, "fr")
    assert rounds.mine == 1 and len(rounds.rows) == 2
    assert rounds.rows[0][1][1] != rounds.rows[1][1][1]  # level 2 then 4: another total


def test_a_reload_without_the_session_reopens_the_room_s_session(model, folder, linked, room):
    code, secret = room
    session_id = linked.session_id
    assert RoomStore.in_folder(folder).snapshot(code).session_id == session_id
    again = AtelierApp(model=model, store=SqliteSessionStore.in_folder(folder))
    again.restore_from_query(f"salle={code}&cle={secret}")
    assert again.session_id == session_id


def test_an_expired_room_stops_and_says_so(linked, rooms):
    rooms.clock = lambda: 4e9  # far after the room's end
    linked.room.store.clock = rooms.clock
    linked.room.refresh()
    assert "Salle expirée" in linked.room.panel.status.value
    assert linked.room.panel.open.disabled


def test_replace_teams_takes_names_levels_and_clears_undo(model):
    session = Session(lever_ids=model.lever_ids, territories=tuple(model.territories))
    session.set_level("covoiturage", 1)
    assert session.can_undo
    changed = session.replace_teams([("A", {"covoiturage": 2, "inconnu": 3}),
                                     ("<b>B</b>", {"covoiturage": 9})], "montpellier-metropole")
    assert changed and not session.can_undo
    assert session.team_names() == ["A", "<b>B</b>"]
    assert session.levels(0)["covoiturage"] == 2 and session.levels(1)["covoiturage"] == 0
    assert session.territory == "montpellier-metropole"
    assert not session.replace_teams([("A", {"covoiturage": 2}), ("<b>B</b>", {})],
                                     "montpellier-metropole")
