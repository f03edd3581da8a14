"""Read TOML data files and locate keys by line, for ``path:line`` error messages.

:mod:`tomllib` returns plain dicts without positions. :func:`load_toml` also returns a
:class:`KeyLocator` which scans the text once and maps each key path (``("levels", "2",
"value")``, or ``("lever", 0, "id")`` for arrays of tables) to its 1-based line number.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from simulation.exceptions import DataFileError, Problem, rel

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-\.]+)\s*=""")
_INLINE_KEY = re.compile(r"""(?:^|[{,])\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


def _split_dotted(key: str) -> list[str]:
    parts = []
    for raw in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', key):
        raw = raw.strip()
        parts.append(raw[1:-1] if raw[:1] in "\"'" else raw)
    return parts


class KeyLocator:
    """Map TOML key paths to line numbers.

    Parameters
    ----------
    text : str
        The file's text.
    """

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        table: list = []
        array_counts: dict[tuple, int] = {}
        for lineno, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            m = _HEADER.match(line)
            if m and not _KEY.match(line):
                parts = _split_dotted(m.group(2))
                if m.group(1) == "[[":
                    key = tuple(parts)
                    idx = array_counts.get(key, -1) + 1
                    array_counts[key] = idx
                    table = [*parts, idx]
                else:
                    table = parts
                self.lines.setdefault(tuple(table), lineno)
                continue
            m = _KEY.match(line)
            if m:
                path = (*table, *_split_dotted(m.group(1)))
                self.lines.setdefault(tuple(path), lineno)
                rest = line[m.end():]
                if "{" in rest:  # inline table: record its keys on the same line
                    for im in _INLINE_KEY.finditer(rest[rest.index("{"):]):
                        self.lines.setdefault((*path, *_split_dotted(im.group(1))), lineno)

    def line(self, *path: Any) -> int:
        """Return the line of the longest known prefix of ``path`` (0 if none).

        Parameters
        ----------
        *path : str or int
            Key path; integers index arrays of tables.
        """
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 0


def load_toml(path: str | Path, error: type[DataFileError] = DataFileError):
    """Parse a TOML file, raising ``error`` with ``path:line`` on syntax errors.

    Parameters
    ----------
    path : path-like
        The file.
    error : type
        The :class:`DataFileError` subclass to raise.

    Returns
    -------
    data : dict
        The parsed document.
    locator : KeyLocator
        Line numbers of its keys.
    """
    path = Path(path)
    shown = rel(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(Problem(shown, 0, "", f"lecture impossible ({exc.strerror})")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(Problem(shown, line, "", "le fichier n'est pas en UTF-8 : "
                            "réenregistrez-le en UTF-8")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(m.group(1)) if m else 0
        msg = re.sub(r"\s*\(at line.*\)", "", str(exc))
        raise error(Problem(shown, line, "", f"TOML invalide : {msg}")) from None
    return data, KeyLocator(text)
