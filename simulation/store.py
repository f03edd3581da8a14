"""Where workshop sessions are kept between page reloads, kernel deaths and server restarts.

Each dashboard page runs in its own kernel (a separate process); a session is saved under a
short id (``K7QM-3XPA``) that the page puts in its URL (``?session=…``), so a reload or a new
kernel finds the teams and rounds again. The interface is two calls, :class:`SessionStore`
``load``/``save``; :class:`SqliteSessionStore` implements it on an embedded SQLite file in
WAL mode, which several kernel processes can write at once. A server database can replace
it later behind the same two calls.

The data folder is ``$ATELIER_STATE_DIR`` when set (``atelier serve --state-dir`` sets it for
its kernels), else ``$XDG_DATA_HOME/atelier-transition``, else
``~/.local/share/atelier-transition``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from simulation.exceptions import AtelierError

#: Session id digits: Crockford's base-32 digits without 0 and 1, so no id holds a
#: character that reads like another (0/O, 1/l/I) and none holds U (Crockford's rule).
ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Characters of an id (printed as two groups of four, ``XXXX-XXXX``): 30**8 ≈ 6.6e11 ids.
ID_LENGTH = 8
ID_PATTERN = re.compile(rf"[{ID_ALPHABET}]{{4}}-[{ID_ALPHABET}]{{4}}")
#: Largest saved state [bytes of JSON]; a 4-team session with 20 rounds is about 30 kB.
MAX_STATE_BYTES = 1_000_000
#: File name of the database inside the data folder.
DB_NAME = "sessions.sqlite3"
#: Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 15.0
APP_DIR_NAME = "atelier-transition"
#: Environment variable naming the data folder (set by ``atelier serve`` for its kernels).
STATE_DIR_ENV = "ATELIER_STATE_DIR"


class StoreError(AtelierError):
    """The session store cannot be opened, read or written (message in French)."""


def new_session_id() -> str:
    """Return a fresh random session id, ``XXXX-XXXX`` (``secrets``, 39 bits)."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalize_session_id(text: str | None) -> str | None:
    """Return ``text`` as a canonical session id, or None when it is not one.

    Case, spaces and dashes are forgiven (``k7qm 3xpa`` → ``K7QM-3XPA``); any other
    character, or a wrong length, gives None.

    >>> normalize_session_id("k7qm3xpa")
    'K7QM-3XPA'
    >>> normalize_session_id("K7QM-3XP0") is None
    True
    """
    if not isinstance(text, str) or len(text) > 4 * ID_LENGTH:
        return None
    chars = re.sub(r"[\s-]", "", text).upper()
    if len(chars) != ID_LENGTH or any(c not in ID_ALPHABET for c in chars):
        return None
    return f"{chars[:4]}-{chars[4:]}"


def default_state_dir(env: Mapping[str, str] | None = None) -> Path:
    """Return the data folder for sessions (see the module docstring for the order)."""
    env = os.environ if env is None else env
    if env.get(STATE_DIR_ENV):
        return Path(env[STATE_DIR_ENV]).expanduser()
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / APP_DIR_NAME


@runtime_checkable
class SessionStore(Protocol):
    """Saved workshop sessions, by id.

    ``state`` is a JSON-safe dict (:meth:`simulation.ui.state.Session.to_dict`).
    """

    def load(self, session_id: str) -> dict | None:
        """Return the last state saved under ``session_id``, or None if there is none."""

    def save(self, session_id: str, state: dict) -> None:
        """Save ``state`` under ``session_id`` (replacing the previous one)."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    saved_at REAL NOT NULL
)
"""


class SqliteSessionStore:
    """:class:`SessionStore` on an SQLite file, safe for several processes writing at once.

    WAL mode lets readers go on while one process writes; writers queue behind SQLite's
    lock for up to :data:`BUSY_TIMEOUT_S`. Each call opens, uses and closes its own
    connection, so a kernel holds no file lock between two saves.

    Parameters
    ----------
    path : path-like
        The database file; its folder is created when missing.

    Raises
    ------
    StoreError
        The file cannot be created or is not a readable session database (the message says
        what to do).
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"impossible de créer le dossier des sessions {self.path.parent} "
                f"({exc.strerror}) : choisissez un dossier où vous pouvez écrire avec --state-dir"
            ) from exc
        with self._connect() as db:
            self._run(db, lambda: db.execute(_SCHEMA), "préparer")

    @classmethod
    def in_folder(cls, folder: str | os.PathLike[str] | None = None) -> SqliteSessionStore:
        """Open the store of ``folder`` (default: :func:`default_state_dir`)."""
        folder = default_state_dir() if folder is None else Path(folder)
        return cls(folder / DB_NAME)

    # -- the SessionStore interface ------------------------------------------------------
    def load(self, session_id: str) -> dict | None:
        """Return the state saved under ``session_id``, or None."""
        key = _checked_id(session_id)
        with self._connect() as db:
            row = self._run(
                db,
                lambda: db.execute("SELECT state FROM sessions WHERE id = ?", (key,)).fetchone(),
                "lire",
            )
        if row is None:
            return None
        try:
            state = json.loads(row[0])
        except ValueError as exc:
            raise StoreError(
                f"la session {key} de {self.path} est illisible : elle ne peut pas être reprise, "
                "démarrez une nouvelle session"
            ) from exc
        return state if isinstance(state, dict) else None

    def save(self, session_id: str, state: dict) -> None:
        """Save ``state`` (a JSON-safe dict) under ``session_id``."""
        key = _checked_id(session_id)
        if not isinstance(state, dict):
            raise TypeError("state must be a dict")
        text = json.dumps(state, ensure_ascii=False, sort_keys=True, allow_nan=False)
        if len(text.encode("utf-8")) > MAX_STATE_BYTES:
            raise StoreError(
                f"session {key} trop grande pour être enregistrée "
                f"(plus de {MAX_STATE_BYTES // 1000} ko)"
            )

        def write() -> None:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO sessions (id, state, saved_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET state = excluded.state, "
                "saved_at = excluded.saved_at",
                (key, text, time.time()),
            )
            db.execute("COMMIT")

        with self._connect() as db:
            self._run(db, write, "écrire")

    # -- for the server and the tests ------------------------------------------------------
    def journal_mode(self) -> str:
        """Return SQLite's journal mode of the file (``"wal"``)."""
        with self._connect() as db:
            return self._run(db, lambda: db.execute("PRAGMA journal_mode").fetchone()[0], "lire")

    def count(self) -> int:
        """Return the number of saved sessions."""
        with self._connect() as db:
            return self._run(
                db, lambda: db.execute("SELECT count(*) FROM sessions").fetchone()[0], "lire"
            )

    # -- helpers ---------------------------------------------------------------------------
    def _connect(self) -> _Connection:
        try:
            db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(self._unreadable(exc)) from exc
        return _Connection(db, self)

    def _run(self, db: sqlite3.Connection, action, verb: str):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if db.in_transaction:
                db.rollback()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(
                    f"la base des sessions {self.path} est occupée par un autre programme "
                    f"depuis plus de {BUSY_TIMEOUT_S:.0f} s : impossible de {verb} ; réessayez"
                ) from exc
            raise StoreError(self._unreadable(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(self._unreadable(exc)) from exc

    def _unreadable(self, exc: Exception) -> str:
        return (
            f"la base des sessions {self.path} est illisible ({_french_reason(exc)}) : "
            "déplacez ou supprimez ce fichier (les sessions qu'il contenait seront perdues), "
            "ou choisissez un autre dossier avec --state-dir"
        )


class _Connection:
    """Context manager: one SQLite connection in WAL mode, closed on exit."""

    def __init__(self, db: sqlite3.Connection, store: SqliteSessionStore):
        self.db = db
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.store._run(self.db, self._setup, "ouvrir")
        except BaseException:
            self.db.close()
            raise
        return self.db

    def _setup(self) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise sqlite3.OperationalError(f"journal mode {mode}")
        self.db.execute("PRAGMA synchronous = NORMAL")

    def __exit__(self, *exc_info: Any) -> None:
        self.db.close()


def _checked_id(session_id: str) -> str:
    key = normalize_session_id(session_id)
    if key is None:
        raise StoreError(
            f"identifiant de session invalide : {session_id!r} (huit caractères, par exemple "
            "K7QM-3XPA)"
        )
    return key


def _french_reason(exc: Exception) -> str:
    text = str(exc)
    if "not a database" in text:
        return "ce n'est pas une base SQLite"
    if "malformed" in text or "corrupt" in text:
        return "fichier abîmé"
    if "unable to open" in text:
        return "impossible d'ouvrir le fichier : droits ou dossier manquant"
    if "readonly" in text or "read-only" in text:
        return "fichier en lecture seule"
    if "disk" in text and "full" in text:
        return "disque plein"
    return text
