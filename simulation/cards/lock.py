"""``data/cards/values.lock.csv``: the printed value of every card, and the diff against it.

The lock records what the printed decks say (value, range, detail lines, exactly as typeset)
plus the factor values they were computed from. When a factor changes, :func:`diff_cards`
lists the cards whose printed text would change, with old → new, the relative change and
the factors that moved; ``atelier cards lock`` then rewrites the lock, and a test fails while
the lock is stale.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from simulation.cards.content import PrintCard
from simulation.exceptions import CardFileError, Problem, rel
from simulation.formatting import format_number, format_percent
from simulation.texts import t

LOCK_NAME = "values.lock.csv"
LOCK_FIELDS = ("id", "deck", "value", "range", "details", "value_kg", "factors")
#: Separator of detail lines inside the one-line ``details`` field.
DETAIL_SEP = " | "


def lock_path(data_dir: str | Path) -> Path:
    """Path of the lock file in a data folder."""
    return Path(data_dir) / "cards" / LOCK_NAME


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.6g}"


def lock_record(card: PrintCard) -> dict[str, str]:
    """One lock row: printed strings, central value and factors used (``id=value;…``)."""
    return {
        "id": card.id,
        "deck": card.deck,
        "value": card.value,
        "range": card.range,
        "details": DETAIL_SEP.join(card.details),
        "value_kg": _num(card.value_kg),
        "factors": ";".join(f"{k}={_num(v)}" for k, v in sorted(card.factors.items())),
    }


def render_lock(cards: list[PrintCard]) -> str:
    """The lock file's text for ``cards``."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=LOCK_FIELDS, lineterminator="\n")
    w.writeheader()
    for card in cards:
        w.writerow(lock_record(card))
    return buf.getvalue()


def write_lock(cards: list[PrintCard], path: str | Path) -> Path:
    """Write the lock atomically (temporary file in the same folder, then ``os.replace``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".values.lock.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(render_lock(cards))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_lock(path: str | Path) -> dict[str, dict[str, str]]:
    """Read the lock: card id -> row. A missing file reads as empty."""
    path = Path(path)
    if not path.exists():
        return {}
    shown = rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CardFileError(Problem(shown, 0, "", "fichier non UTF-8 : lancez "
                                    "« atelier cards lock » pour le réécrire")) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in LOCK_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise CardFileError(Problem(shown, 1, "", f"colonnes manquantes {missing} : lancez "
                                    "« atelier cards lock » pour le réécrire"))
    return {row["id"]: row for row in reader}


def _factors(text: str) -> dict[str, float]:
    out = {}
    for part in filter(None, text.split(";")):
        key, _, val = part.partition("=")
        try:
            out[key] = float(val)
        except ValueError:
            continue
    return out


@dataclass(frozen=True)
class CardChange:
    """One card whose printed text would change.

    Attributes
    ----------
    id, deck : str
    status : str
        ``"modifiée"``, ``"nouvelle"`` or ``"supprimée"``.
    old, new : str
        Printed value before and after (empty when absent).
    relative_change : float or None
        ``new_kg / old_kg − 1`` on the unrounded values. [-]
    moved : tuple of str
        ``"factor_id : old → new"`` for each factor whose value moved.
    what : tuple of str
        Which printed fields change (``value``, ``range``, ``details``).
    """

    id: str
    deck: str
    status: str
    old: str
    new: str
    relative_change: float | None
    moved: tuple[str, ...]
    what: tuple[str, ...]
    other: tuple[str, str] = ("", "")


def diff_cards(cards: list[PrintCard], locked: dict[str, dict[str, str]]) -> list[CardChange]:
    """Compare the cards as they would print now with the lock.

    Parameters
    ----------
    cards : list of PrintCard
        Current cards (same territory and scenario as the lock: the defaults).
    locked : dict
        :func:`read_lock` output.

    Returns
    -------
    list of CardChange
        In print order; removed cards last.
    """
    changes = []
    current = {c.id: c for c in cards}
    for card in cards:
        new = lock_record(card)
        old = locked.get(card.id)
        if old is None:
            changes.append(CardChange(card.id, card.deck, "nouvelle", "", card.value, None,
                                      (), ("value",)))
            continue
        what = tuple(k for k in ("value", "range", "details") if old[k] != new[k])
        if not what:
            continue
        old_f, new_f = _factors(old["factors"]), _factors(new["factors"])
        moved = tuple(
            t("cli.factor_moved", factor=fid, old=format_number(old_f[fid], 4),
              new=format_number(new_f[fid], 4))
            if fid in old_f and fid in new_f else
            t("cli.factor_added" if fid in new_f else "cli.factor_removed", factor=fid)
            for fid in sorted(set(old_f) | set(new_f))
            if old_f.get(fid) != new_f.get(fid))
        try:
            rel_change = float(new["value_kg"]) / float(old["value_kg"]) - 1
        except (ValueError, ZeroDivisionError):
            rel_change = None
        other = ("", "")
        for k in ("range", "details"):
            if k in what:
                a, b = old[k].split(DETAIL_SEP), new[k].split(DETAIL_SEP)
                pairs = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
                other = pairs[0] if pairs and len(a) == len(b) else (old[k], new[k])
                break
        changes.append(CardChange(card.id, card.deck, "modifiée", old["value"], card.value,
                                  rel_change, moved, what, other))
    for cid, old in locked.items():
        if cid not in current:
            changes.append(CardChange(cid, old["deck"], "supprimée", old["value"], "", None,
                                      (), ("value",)))
    return changes


def format_changes(changes: list[CardChange]) -> str:
    """Human-readable diff, in French, one block per card."""
    if not changes:
        return t("cli.diff_none")
    n = len(changes)
    lines = [t("cli.diff_head_many" if n > 1 else "cli.diff_head_one", n=n)]
    for ch in changes:
        if ch.status == "nouvelle":
            lines.append(t("cli.diff_new", card=ch.id, deck=ch.deck, value=ch.new))
            continue
        if ch.status == "supprimée":
            lines.append(t("cli.diff_removed", card=ch.id, deck=ch.deck, value=ch.old))
            continue
        pct = (f" ({format_percent(ch.relative_change, signed=True)})"
               if ch.relative_change is not None else "")
        lines.append(t("cli.diff_changed", card=ch.id, deck=ch.deck, old=ch.old, new=ch.new)
                     + pct)
        if "value" not in ch.what:
            lines.append("    " + t("cli.diff_text_only", old=ch.other[0], new=ch.other[1]))
        if ch.moved:
            lines.append("    " + t("cli.diff_moved", factors=" ; ".join(ch.moved)))
        else:
            lines.append("    " + t("cli.diff_none_moved"))
    return "\n".join(lines)
