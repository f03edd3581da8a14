"""Keep tracebacks and server paths inside the dashboard kernel: they go to the server log.

Voilà's ``show_tracebacks=False`` only strips errors of the notebook's cells. Later errors
reach the page through other doors: ipywidgets catches an exception in a widget callback or
in a state sent by the browser (``index`` 99, ``"abc"``…) and calls
``get_ipython().showtraceback()``, which publishes an iopub ``error`` message with the full
traceback (file paths of the server included); warnings and anything printed to
``sys.stderr`` become ``stream`` messages on the page.

:func:`install`, called once in the kernel by :func:`simulation.ui.app.load_app`:

- replaces the shell's traceback display (``showtraceback``, ``showsyntaxerror``,
  ``showindentationerror``, ``_showtraceback``) by one log record on the server log:
  a line ``atelier-transition: erreur Python dans le tableau de bord : Type: message``
  followed by the traceback; the page receives nothing;
- sends ``sys.stderr`` (warnings, logging, library messages) and file descriptor 2 to the
  server log instead of the page.

The server log is the terminal of ``atelier serve``: ipykernel copies file descriptor 2
before redirecting it to the page, and keeps that copy as ``sys.stderr.fileno()``.
Outside a kernel (tests, scripts) :func:`install` does nothing.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import IO, Any

#: First words of every log line written for a hidden error.
LOG_PREFIX = "atelier-transition: erreur Python dans le tableau de bord"


def install(shell: Any = None, log: IO[str] | None = None) -> bool:
    """Route tracebacks and stderr of this kernel to the server log; return True if done.

    Parameters
    ----------
    shell : IPython shell, optional
        Default: ``get_ipython()``; nothing is done when there is none.
    log : text stream, optional
        Where hidden errors are written (default: the server's stderr, see the module
        docstring). Tests pass a buffer.
    """
    if shell is None:
        shell = _current_shell()
    if shell is None:
        return False
    if getattr(shell, "_atelier_guarded", False):
        return True
    if log is None:
        log = _server_stderr()
        sys.stderr = log
    _patch(shell, log)
    shell._atelier_guarded = True
    return True


def log_exception(log: IO[str], exc_info: tuple | None = None) -> None:
    """Write a summary line and the traceback of ``exc_info`` (default: the current
    exception) to ``log``."""
    etype, value, tb = exc_info if exc_info else sys.exc_info()
    if etype is None:
        log.write(f"{LOG_PREFIX} : (aucune exception en cours)\n")
    else:
        summary = traceback.format_exception_only(etype, value)[-1].strip()
        detail = "".join(traceback.format_exception(etype, value, tb))
        log.write(f"{LOG_PREFIX} : {summary}\n{detail}")
    log.flush()


def _patch(shell: Any, log: IO[str]) -> None:
    def showtraceback(exc_tuple=None, *args: Any, **kwargs: Any) -> None:
        if exc_tuple is None:
            exc_tuple = sys.exc_info()
            if exc_tuple[0] is None:  # IPython keeps the last error there after a cell
                last = getattr(sys, "last_value", None)
                exc_tuple = (type(last), last, last.__traceback__) if last else exc_tuple
        log_exception(log, exc_tuple)
        shell._last_traceback = []

    def showsyntaxerror(*args: Any, **kwargs: Any) -> None:
        showtraceback()

    def hidden(etype, evalue, stb) -> None:
        log.write(f"{LOG_PREFIX} : {getattr(etype, '__name__', etype)}: {evalue}\n")
        log.flush()
        shell._last_traceback = []

    shell.showtraceback = showtraceback
    shell.showsyntaxerror = showsyntaxerror
    shell.showindentationerror = showsyntaxerror
    shell._showtraceback = hidden


def _current_shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _server_stderr() -> IO[str]:
    """Return a text stream on the server's stderr, and point file descriptor 2 at it."""
    current = sys.stderr
    try:
        fd = current.fileno()  # ipykernel's OutStream: its copy of the original fd 2
    except (AttributeError, OSError, ValueError):
        fd = 2
    if fd != 2:
        # C libraries and child processes write to fd 2, which ipykernel pipes to the page
        os.dup2(fd, 2)
    return open(os.dup(fd), "w", buffering=1, encoding="utf-8", errors="replace")
