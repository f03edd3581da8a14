"""kernel_guard: tracebacks and stderr of the dashboard kernel go to the server log only."""

from __future__ import annotations

import io
import os
import sys
import textwrap
import time

from simulation.ui import kernel_guard


class FakeShell:
    """The four display methods of an IPython shell, recording what would reach the page."""

    def __init__(self):
        self.shown = []

    def showtraceback(self, *args, **kwargs):
        self.shown.append("traceback")

    def showsyntaxerror(self, *args, **kwargs):
        self.shown.append("syntax")

    def showindentationerror(self, *args, **kwargs):
        self.shown.append("indentation")

    def _showtraceback(self, etype, evalue, stb):
        self.shown.append(stb)


def test_outside_a_kernel_nothing_happens():
    stderr = sys.stderr
    assert kernel_guard.install() is False
    assert sys.stderr is stderr


def test_tracebacks_go_to_the_log_not_the_page():
    shell, log = FakeShell(), io.StringIO()
    assert kernel_guard.install(shell, log)
    assert kernel_guard.install(shell, log)  # idempotent
    try:
        {}["absent"]
    except KeyError:
        shell.showtraceback()
    try:
        raise ValueError("index 99 hors des options")
    except ValueError:
        shell.showsyntaxerror()
    shell._showtraceback(TypeError, TypeError("x"), ["/srv/site-packages/x.py line 3"])
    shell.showindentationerror()
    assert shell.shown == []
    text = log.getvalue()
    assert f"{kernel_guard.LOG_PREFIX} : KeyError: 'absent'" in text
    assert f"{kernel_guard.LOG_PREFIX} : ValueError: index 99 hors des options" in text
    assert f"{kernel_guard.LOG_PREFIX} : TypeError: x" in text
    assert "Traceback (most recent call last)" in text
    assert shell._last_traceback == []


KERNEL_CODE = textwrap.dedent(
    """
    import sys, warnings
    import ipywidgets as w
    from simulation.ui import kernel_guard
    assert kernel_guard.install()
    buttons = w.ToggleButtons(options=["0", "1", "2"])
    for state in ({"index": 99}, {"index": "abc"}, {"index": None}):
        buttons._handle_msg({"content": {"data": {"method": "update", "state": state}},
                             "buffers": []})
    warnings.warn("un avertissement de bibliotheque")
    print("vers stderr", file=sys.stderr)
    import os; os.write(2, b"fd2 direct\\n")
    import time; time.sleep(0.5)  # ipykernel forwards fd 2 from a thread
    1 / 0
    """
)


def test_in_a_real_kernel_the_page_gets_no_error_no_stderr(tmp_path):
    """A real ipykernel: iopub carries no error and no stderr; the server log has them."""
    from jupyter_client.manager import KernelManager

    log_path = tmp_path / "kernel.log"
    with open(log_path, "wb") as log:
        km = KernelManager(kernel_name="python3")
        # without PYTEST_CURRENT_TEST, ipykernel pipes fd 1 and 2 to the page as in production
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
        km.start_kernel(stderr=log, stdout=log, env=env)
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        msg_id = client.execute(KERNEL_CODE)
        messages = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            msg = client.get_iopub_msg(timeout=30)
            messages.append(msg)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                break
        reply = client.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:  # a late kernel_info_reply
            reply = client.get_shell_msg(timeout=30)
        time.sleep(1)
        while client.iopub_channel.msg_ready():  # anything late (fd 2 is read by a thread)
            messages.append(client.get_iopub_msg(timeout=1))
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "error"  # the cell failed (1 / 0)...
    assert reply["content"]["traceback"] == []
    types = [m["msg_type"] for m in messages]
    assert "error" not in types  # ...but the page heard nothing of it
    streams = [m["content"] for m in messages if m["msg_type"] == "stream"]
    assert streams == []
    page = repr([m["content"] for m in messages])
    assert "Traceback" not in page
    assert "site-packages" not in page
    text = log_path.read_text(errors="replace")
    # index 99 and "abc" are refused; None is valid (no button selected); then the cell's error
    assert text.count(kernel_guard.LOG_PREFIX) == 3
    assert "TraitError: Invalid selection: index out of bounds" in text
    assert "expected an int, not the str 'abc'" in text
    assert "ZeroDivisionError" in text
    assert "un avertissement de bibliotheque" in text
    assert "vers stderr" in text
    assert "fd2 direct" in text
