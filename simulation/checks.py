"""The author's one check of a data folder (``atelier check``) and the warnings of a print run.

:func:`check_folder` runs, in order:

1. the whole data validation, units of the equations included
   (:func:`simulation.data.read_data` with ``check_units=True``);
2. the snapshot's staleness: card lock, trajectories and generated pages
   (:mod:`simulation.snapshot`);
3. the review dates: factors whose ``review_by`` has passed, and the cards that would print a
   past date (a card's date is the earliest review date of the factors it uses, see
   :mod:`simulation.cards`).

:func:`print_warnings` gives the same two last checks for the cards of one print run
(``atelier cards build``): a stale lock and past review dates.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from simulation.exceptions import Problem, rel
from simulation.paths import data_dir
from simulation.texts import t


@dataclass(frozen=True)
class CheckReport:
    """What :func:`check_folder` found.

    Attributes
    ----------
    folder : pathlib.Path
        The data folder checked.
    on : datetime.date
        Date the review dates are compared with.
    problems : tuple of Problem
        Problems of the data files (empty when the data is valid; then nothing else is
        checked).
    summary : str
        What was read, in French (when the data is valid).
    stale : tuple of Artefact
        Files of the snapshot that are out of date.
    due_factors : tuple of Factor
        Factors whose review date is on or before ``on``.
    due_cards : tuple of PrintCard
        Cards whose printed review date is on or before ``on``.
    """

    folder: Path
    on: dt.date
    problems: tuple[Problem, ...] = ()
    summary: str = ""
    stale: tuple = ()
    due_factors: tuple = ()
    due_cards: tuple = ()

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix."""
        return not (self.problems or self.stale or self.due_factors or self.due_cards)


def due_cards(cards, on: dt.date) -> list:
    """The cards whose review date (printed on the back) is on or before ``on``."""
    return [c for c in cards if c.review_by is not None and c.review_by <= on]


def check_folder(data: str | os.PathLike[str] | None = None, territory: str = "france",
                 scenario: str | None = None, on: dt.date | None = None) -> CheckReport:
    """Check a data folder as ``atelier check`` does (see module docstring).

    Parameters
    ----------
    data : path-like, optional
        Data folder (default :func:`simulation.paths.data_dir`).
    territory : str
        Territory of the card lock and of the cards checked.
    scenario : str, optional
        Scenario of the prospective cards (default: ``cards/prospective.toml``).
    on : datetime.date, optional
        Date of the review-date check (default: today).

    Returns
    -------
    CheckReport
    """
    from simulation import snapshot
    from simulation.cards.model_decks import all_print_cards
    from simulation.data import DataFolderError, read_data
    from simulation.model import load_model

    folder = data_dir(data)
    on = on or dt.date.today()
    try:
        dataset = read_data(folder, check_units=True)
    except DataFolderError as exc:
        return CheckReport(folder, on, problems=tuple(exc.problems))
    summary = t("cli.check_summary", factors=len(dataset.factors),
                territories=len(dataset.territories), levers=len(dataset.levers),
                scenarios=len(dataset.scenarios), cards=len(dataset.cards))
    model = load_model(folder)
    cards = all_print_cards(folder, territory, scenario, model=model)
    return CheckReport(
        folder, on, summary=summary,
        stale=tuple(snapshot.stale(folder, territory, scenario)),
        due_factors=dataset.factors.due(on),
        due_cards=tuple(due_cards(cards, on)),
    )


def command_prefix(folder: Path) -> str:
    """``atelier`` or ``atelier --data DOSSIER``: how to name the folder in the next command."""
    default = data_dir(None).resolve()
    return "atelier" if Path(folder).resolve() == default else f"atelier --data {rel(folder)}"


def _due_card_line(card, factors, on: dt.date) -> str:
    late = sorted(fid for fid in card.factors if fid in factors and factors[fid].review_by <= on)
    names = ", ".join(late[:3])
    if len(late) > 3:
        names = t("cli.and_others", names=names, n=len(late) - 3)
    because = ""
    if late:
        because = " ; " + t("cli.due_card_factor_many" if len(late) > 1
                            else "cli.due_card_factor_one", names=names)
    return f"  {card.review_by.isoformat()}  {card.id} ({card.deck}{because})"


def format_report(report: CheckReport) -> str:
    """The French text of ``atelier check``: what is fine, every problem, what to run next."""
    cmd = command_prefix(report.folder)
    where = rel(report.folder)
    if report.problems:
        n = len(report.problems)
        lines = [t("cli.check_problems_many" if n > 1 else "cli.check_problems_one",
                   folder=where, n=n)]
        lines += [str(p) for p in report.problems]
        lines += ["", t("cli.check_fix", cmd=cmd)]
        return "\n".join(lines)
    lines = [t("cli.check_valid", folder=where, summary=report.summary)]
    if report.stale:
        lines += ["", t("cli.check_stale")]
        lines += [f"  {rel(a.path)} ({a.what})" for a in report.stale]
    else:
        lines.append(t("cli.check_fresh"))
    factors = {f.id: f for f in report.due_factors}
    on = report.on.isoformat()
    if report.due_factors:
        width = max(len(f.id) for f in report.due_factors)
        lines += ["", t("cli.check_due_factors", date=on)]
        lines += [f"  {f.review_by.isoformat()}  {f.id:<{width}}  {f.path}:{f.line}"
                  for f in report.due_factors]
    if report.due_cards:
        lines += ["", t("cli.check_due_cards", date=on)]
        lines += [_due_card_line(c, factors, report.on) for c in report.due_cards]
    if not (report.due_factors or report.due_cards):
        lines.append(t("cli.check_no_due", date=on))
    lines.append("")
    if report.ok:
        lines.append(t("cli.check_ok", cmd=cmd))
        return "\n".join(lines)
    todo = []
    if report.due_factors:
        todo.append(t("cli.todo_factors"))
    todo.append(t("cli.todo_snapshot", cmd=cmd))
    todo.append(t("cli.todo_recheck", cmd=cmd))
    steps = todo[0]
    for step in todo[1:]:
        steps = t("cli.todo_then", done=steps, step=step)
    lines.append(t("cli.todo", steps=steps))
    return "\n".join(lines)


def print_warnings(cards, folder: Path, on: dt.date, lock_cards=None) -> list[str]:
    """Warnings of a print run: a stale card lock, cards that would print a past review date.

    Parameters
    ----------
    cards : list of PrintCard
        The cards about to be printed.
    folder : pathlib.Path
        Data folder (its ``cards/values.lock.csv``).
    on : datetime.date
        Date of the review-date check.
    lock_cards : list of PrintCard, optional
        The cards to compare with the lock when they differ from ``cards`` (the lock records
        the prospective deck's default scenario).

    Returns
    -------
    list of str
        One French sentence per warning (empty when all is well).
    """
    from simulation.cards.lock import diff_cards, lock_path, read_lock
    from simulation.exceptions import CardFileError

    cmd = command_prefix(folder)
    warnings = []
    path = lock_path(folder)
    try:
        locked = read_lock(path)
    except CardFileError as exc:  # a lock damaged by hand: say so, and how to rewrite it
        locked, changes = None, []
        warnings.append(t("cli.lock_unreadable", cmd=cmd,
                          problems="; ".join(str(p) for p in exc.problems)))
    else:
        changes = diff_cards(lock_cards if lock_cards is not None else cards, locked)
    if locked == {}:
        warnings.append(t("cli.no_lock", path=rel(path), cmd=cmd))
    elif changes:
        n = len(changes)
        shown = ", ".join(c.id for c in changes[:5]) + ("…" if n > 5 else "")
        warnings.append(t("cli.lock_stale_many" if n > 1 else "cli.lock_stale_one",
                          path=rel(path), n=n, cards=shown, cmd=cmd))
    for card in due_cards(cards, on):
        warnings.append(t("cli.card_due", card=card.id, deck=card.deck,
                          date=card.review_by.isoformat(), cmd=cmd))
    return warnings
