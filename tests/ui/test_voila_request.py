"""Query string of a preheated kernel: the websocket protocol of Voilà, tested with a
local websocket server standing in for Voilà's ``/voila/query/<kernel id>``."""

from __future__ import annotations

import json
import os
import threading

from websockets.sync.server import serve

from simulation.ui import voila_request


def test_url_follows_voila_environment():
    env = {"VOILA_APP_PORT": "9999", "VOILA_KERNEL_ID": "k1", "VOILA_SERVER_URL": "/base/"}
    assert voila_request.query_url(env) == "ws://127.0.0.1:9999/base/voila/query/k1"


def test_outside_preheat_reads_the_environment(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "code=abc")
    assert voila_request.query_string() == "code=abc"
    monkeypatch.delenv("QUERY_STRING")
    assert voila_request.query_string() is None


def test_preheated_kernel_waits_for_the_request(monkeypatch):
    seen = []

    def handler(ws):
        seen.append(ws.request.path)
        ws.send(json.dumps({"QUERY_STRING": "code=xyz&lang=en", "SERVER_NAME": "salle"}))

    with serve(handler, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_PORT", str(port))
        monkeypatch.setenv("VOILA_KERNEL_ID", "abc-123")
        monkeypatch.delenv("QUERY_STRING", raising=False)
        monkeypatch.setenv("SERVER_NAME", "before")  # restored by monkeypatch afterwards
        assert voila_request.query_string() == "code=xyz&lang=en"
        server.shutdown()
    assert seen == ["/voila/query/abc-123"]
    assert os.environ["SERVER_NAME"] == "salle"


def test_no_voila_answering_gives_none(monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert voila_request.query_string() is None
