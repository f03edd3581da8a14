"""``atelier serve``: the Voilà command line, environment, limits and printed addresses.

No test here starts a server: an autouse fixture replaces the room server's ``run``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
from pathlib import Path

import nbformat
import pytest

from simulation.cli import main
from simulation.exceptions import AtelierError
from simulation.ui import room_server
from simulation.ui import serve as srv
from simulation.ui.serve import ServeOptions, voila_argv, voila_env

ENV_SET_BY_SERVE = ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "ATELIER_DATA", "VOILA_APP_IP",
                    "ATELIER_STATE_DIR")


@pytest.fixture(autouse=True)
def no_server(monkeypatch, tmp_path):
    """Record the argv the room server would run with, and restore the environment."""
    for name in ENV_SET_BY_SERVE:
        monkeypatch.setenv(name, os.environ.get(name, ""))
        if not os.environ[name]:
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    calls = []
    monkeypatch.setattr(room_server, "run", lambda argv: calls.append(argv) or 0)
    return calls


def test_default_command_is_safe():
    argv = voila_argv(ServeOptions())
    assert argv[0] == str(srv.DASHBOARDS_DIR / "atelier.ipynb")
    assert "--strip_sources=True" in argv
    assert "--show_tracebacks=False" in argv
    assert f"--Voila.root_dir={srv.DASHBOARDS_DIR}" in argv
    assert "--template=atelier" in argv
    assert "--preheat_kernel=True" in argv
    assert "--pool_size=2" in argv
    assert "--Voila.ip=127.0.0.1" in argv
    assert "--port=8866" in argv
    assert "--no-browser" not in argv


def test_options_are_passed():
    argv = voila_argv(ServeOptions(host="0.0.0.0", port=9000, open_browser=False,
                                   pool_size=0))
    assert "--Voila.ip=0.0.0.0" in argv
    assert "--port=9000" in argv
    assert "--no-browser" in argv
    assert not any(a.startswith("--preheat_kernel") for a in argv)


def test_unknown_dashboard_lists_the_available_ones(tmp_path):
    (tmp_path / "atelier.ipynb").write_text("{}")
    (tmp_path / "public.ipynb").write_text("{}")
    assert srv.available_dashboards(tmp_path) == ["atelier", "public"]
    with pytest.raises(AtelierError, match="atelier, public"):
        srv.dashboard_path("nope", tmp_path)


def test_environment_puts_offline_templates_and_config_first(tmp_path):
    env = voila_env({"JUPYTER_PATH": "/elsewhere"}, data=str(tmp_path))
    assert env["JUPYTER_PATH"].split(":") == [str(srv.JUPYTER_DATA_DIR), "/elsewhere"]
    assert env["JUPYTER_CONFIG_PATH"] == str(srv.JUPYTER_CONFIG_DIR)
    assert env["ATELIER_DATA"] == str(tmp_path.resolve())
    assert env["VOILA_APP_IP"] == "127.0.0.1"
    # one LAN address: preheated kernels must reach Voilà there, not on 127.0.0.1
    assert voila_env({}, host="192.168.1.20")["VOILA_APP_IP"] == "192.168.1.20"
    assert "VOILA_APP_IP" not in voila_env({}, host="0.0.0.0")


def test_offline_templates_load_nothing_from_the_internet():
    templates = srv.JUPYTER_DATA_DIR / "voila" / "templates"
    files = set(templates.rglob("*.html")) | set(templates.rglob("*.j2"))
    assert len(files) == 2
    remote = re.compile(r"""(href|src)\s*=\s*["']?(https?:)?//""")
    for path in files:
        assert not remote.search(path.read_text()), path
    upstream = Path(sys.prefix, "share/jupyter/voila/templates/lab/index.html.j2")
    if upstream.exists():  # the copy differs from upstream only by the remote links
        assert remote.search(upstream.read_text())
    conf = json.loads((templates / "atelier" / "conf.json").read_text())
    assert conf["base_template"] == "lab"


def test_config_serves_no_static_file():
    conf = json.loads((srv.JUPYTER_CONFIG_DIR / "voila.json").read_text())
    patterns = conf["VoilaConfiguration"]["file_allowlist"]
    for name in ("atelier.ipynb", "logo.png", "data/x.csv", "", "a"):
        assert not any(re.fullmatch(p, name) or re.match(p, name) for p in patterns), name


def test_dashboards_are_valid_notebooks_with_kernelspec_and_no_outputs():
    names = srv.available_dashboards()
    assert "atelier" in names
    for name in names:
        nb = nbformat.read(srv.dashboard_path(name), as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == []
                assert cell.execution_count is None


def test_urls_local_and_room(monkeypatch):
    assert srv.urls(ServeOptions(port=8870)) == [
        ("Sur cet ordinateur", "http://localhost:8870/")
    ]
    monkeypatch.setattr(srv, "lan_address", lambda: "192.168.1.20")
    room = srv.urls(ServeOptions(host="0.0.0.0", port=8870))
    assert room[1] == ("Dans la salle", "http://192.168.1.20:8870/")
    monkeypatch.setattr(srv, "lan_address", lambda: None)
    assert "aucun réseau" in srv.urls(ServeOptions(host="0.0.0.0"))[1][1]


def test_lan_address_is_not_loopback():
    address = srv.lan_address()
    assert address is None or not address.startswith("127.")


def test_cli_serve_prints_addresses_limits_and_state_folder_then_runs(
    monkeypatch, capsys, no_server, tmp_path
):
    monkeypatch.setattr(srv, "lan_address", lambda: "10.1.2.3")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # the port is free again once the socket is closed
    status = main(["serve", "--no-browser", "--host", "0.0.0.0", "--port", str(port),
                   "--max-kernels", "10", "--pool-size", "1", "--grace", "30",
                   "--connect-timeout", "45"])
    assert status == 0
    out = capsys.readouterr().out
    assert f"http://localhost:{port}/" in out
    assert f"http://10.1.2.3:{port}/" in out
    assert ("Limites : 10 calculs au plus (dont 1 préchauffé) ; une page fermée libère le sien "
            "aussitôt, une page déconnectée après 30 s, une page jamais connectée après 45 s"
            ) in out
    state = tmp_path / "xdg" / "atelier-transition"
    assert f"Sessions enregistrées dans : {state}" in out
    assert (state / "sessions.sqlite3").is_file()  # the store is created before serving
    (argv,) = no_server
    assert Path(argv[0]).name == "atelier.ipynb"
    assert "--no-browser" in argv
    assert "--AtelierVoila.max_kernels=10" in argv
    assert "--pool_size=1" in argv
    assert "--AtelierVoila.grace_s=30.0" in argv
    assert "--AtelierVoila.unconnected_s=45.0" in argv
    # the kernels inherit this process's environment
    assert os.environ["JUPYTER_PATH"].startswith(str(srv.JUPYTER_DATA_DIR))
    assert os.environ["ATELIER_STATE_DIR"] == str(state)


def test_cli_serve_state_dir_option(capsys, no_server, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert main(["serve", "--no-browser", "--port", str(port), "--state-dir",
                 str(tmp_path / "salle")]) == 0
    assert f"Sessions enregistrées dans : {tmp_path / 'salle'}" in capsys.readouterr().out
    assert os.environ["ATELIER_STATE_DIR"] == str(tmp_path / "salle")


def test_cli_serve_unusable_state_dir_is_a_message(capsys, no_server, tmp_path):
    blocker = tmp_path / "un-fichier"
    blocker.write_text("")
    assert main(["serve", "--no-browser", "--state-dir", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert "impossible de créer le dossier des sessions" in err
    assert "Traceback" not in err
    assert no_server == []

    broken = tmp_path / "abime"
    broken.mkdir()
    (broken / "sessions.sqlite3").write_bytes(b"pas une base" * 100)
    assert main(["serve", "--no-browser", "--state-dir", str(broken)]) == 1
    assert "ce n'est pas une base SQLite" in capsys.readouterr().err
    assert no_server == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-kernels", "2", "--pool-size", "2"], "--max-kernels (2) doit dépasser"),
        (["--pool-size", "-1"], "--pool-size invalide"),
        (["--grace", "1"], "--grace invalide"),
        (["--connect-timeout", "nan"], "--connect-timeout invalide"),
    ],
)
def test_cli_serve_bad_limits_are_messages(capsys, no_server, args, message):
    assert main(["serve", "--no-browser", *args]) == 1
    assert message in capsys.readouterr().err
    assert no_server == []


def test_help_lists_the_limits(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal's width
    for option in ("--host", "--port", "--no-browser", "--dashboard", "--max-kernels",
                   "--pool-size", "--grace", "--connect-timeout", "--state-dir"):
        assert option in out
    assert f"(défaut : {srv.DEFAULT_MAX_KERNELS})" in out


def test_cli_serve_refuses_a_busy_port(capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        status = main(["serve", "--no-browser", "--port", str(port)])
    assert status == 1
    assert "déjà utilisé" in capsys.readouterr().err


def test_cli_serve_unknown_dashboard(capsys):
    assert main(["serve", "--dashboard", "nope", "--no-browser"]) == 1
    assert "tableau de bord inconnu" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["index.html.j2", "error.html", "404.html"])
def test_pages_rendered_with_our_templates_link_nothing_remote(monkeypatch, name):
    """Render Voilà's page templates the way Voilà finds them (JUPYTER_PATH first)."""
    import jinja2
    from voila.paths import collect_template_paths

    monkeypatch.setenv("JUPYTER_PATH", str(srv.JUPYTER_DATA_DIR))
    paths = collect_template_paths(["voila", "nbconvert"], "atelier", prune=True)
    assert paths[0].startswith(str(srv.JUPYTER_DATA_DIR))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=True,
                             extensions=["jinja2.ext.i18n"])
    env.install_null_translations()
    template = env.get_template(name)
    source = template.environment.loader.get_source(env, name)[0]
    if name == "index.html.j2":
        # the notebook page: our copy, without the Font Awesome links of upstream lab
        assert not re.search(r"""(href|src)\s*=\s*["']?(https?:)?//""", source)
        assert "atelier-transition" in source
        return
    html_text = template.render(
        status_code=404, status_message="Not Found", base_url="/", include_css=lambda *a: "",
        include_lab_theme=lambda *a: "", theme="light", resources={},
    )
    assert "404" in html_text
    assert not re.search(r"""(href|src)\s*=\s*["']?(https?:)?//""", html_text), html_text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "port invalide"),
        (["--port", "0"], "port invalide"),
        (["--host", "pas.une.adresse.invalid"], "adresse inconnue"),
        (["--host", "203.0.113.7"], "n'est pas une adresse de cet ordinateur"),
    ],
)
def test_cli_serve_bad_host_or_port_is_a_message(capsys, args, message):
    assert main(["serve", "--no-browser", *args]) == 1
    assert message in capsys.readouterr().err
