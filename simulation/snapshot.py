"""One snapshot of a data folder: every file computed from it, rewritten by ``atelier snapshot``.

Three kinds of file are computed from the data and committed with it, so that a change of
the data shows, in review, as a change of what is printed, computed and documented:

- the card lock ``<data>/cards/values.lock.csv`` (:mod:`simulation.cards.lock`): the printed
  text of every card, for one territory (``france`` by default) and the scenario of the
  prospective deck;
- the trajectories ``<data>/scenarios/trajectories.lock.csv``: total and sectors of every
  territory × scenario (with the scenario's own lever levels), each year 2023–2050
  [kgCO2e/person/yr], to the gram;
- the generated pages ``docs/facteurs.md``, ``docs/leviers.md`` and ``docs/parametres.md``
  (:mod:`simulation.docsgen`), under :func:`docs_root`.

:func:`stale` lists the files that differ from what the data gives now (``atelier snapshot
--check``, ``atelier check`` and the one staleness test of the project); :func:`write`
rewrites them, each atomically. The trajectories are compared as numbers (to the gram), the
other files as text.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from simulation.paths import PROJECT_DIR, data_dir
from simulation.texts import t

TRAJECTORIES_NAME = "trajectories.lock.csv"
#: Trajectories are written to the gram; two values closer than this are the same [kgCO2e].
TRAJECTORY_TOLERANCE_KG = 0.002
#: The command that rewrites every file of the snapshot (named in every staleness message).
COMMAND = "atelier snapshot"


@dataclass(frozen=True)
class Artefact:
    """One file of the snapshot and the text the data gives now.

    Attributes
    ----------
    path : pathlib.Path
        Where the file lives.
    text : str
        Its up-to-date content.
    what : str
        What it is, in French (for messages).
    same : callable
        ``same(on_disk, text)``: True when the file on disk is up to date.
    """

    path: Path
    text: str
    what: str
    same: Callable[[str, str], bool] = field(default=lambda a, b: a == b, repr=False)

    def is_stale(self) -> bool:
        """True when the file is missing or differs from :attr:`text`."""
        try:
            on_disk = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return True
        return not self.same(on_disk, self.text)


def docs_root(folder: str | os.PathLike[str]) -> Path:
    """Root under which the generated pages (``docs/…``) of a data folder live.

    The project's own ``data/`` documents itself in the project's ``docs/``; any other data
    folder (a territory's copy, a test folder) keeps its pages inside itself
    (``<folder>/docs/…``), so that it never overwrites the project's pages.
    """
    folder = Path(folder).resolve()
    return PROJECT_DIR if folder == (PROJECT_DIR / "data").resolve() else folder


def trajectories_path(folder: str | os.PathLike[str]) -> Path:
    """Path of the trajectories lock of a data folder."""
    return Path(folder) / "scenarios" / TRAJECTORIES_NAME


def render_trajectories(model) -> str:
    """The trajectories lock of ``model``: one row per territory, scenario and sector.

    Columns: ``territory, scenario, sector`` (a sector id or ``total``), then one column per
    year with the emissions per inhabitant [kgCO2e/person/yr], three decimals.
    """
    from simulation.model import YEARS

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["territory", "scenario", "sector", *(str(y) for y in YEARS)])
    for territory in model.territories:
        for sid in sorted(model.scenarios):
            r = model.evaluate(None, territory, sid)
            rows = [*r.sectors.items(), ("total", r.total)]
            for name, values in rows:
                w.writerow([territory, sid, name, *(f"{float(v):.3f}" for v in values)])
    return buf.getvalue()


def _parse_trajectories(text: str) -> tuple[list[str], dict[tuple[str, ...], list[float]]] | None:
    """Header and ``{(territory, scenario, sector): values}`` of a trajectories lock."""
    try:
        rows = [r for r in csv.reader(io.StringIO(text)) if r]
        return rows[0], {tuple(r[:3]): [float(x) for x in r[3:]] for r in rows[1:]}
    except (IndexError, ValueError):
        return None


def same_trajectories(on_disk: str, text: str) -> bool:
    """True when two trajectory locks have the same rows and values (to the gram)."""
    a, b = _parse_trajectories(on_disk), _parse_trajectories(text)
    if a is None or b is None or a[0] != b[0] or a[1].keys() != b[1].keys():
        return False
    return all(len(a[1][k]) == len(values) and all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=TRAJECTORY_TOLERANCE_KG)
        for x, y in zip(a[1][k], values, strict=True)) for k, values in b[1].items())


def artefacts(data: str | os.PathLike[str] | None = None, territory: str = "france",
              scenario: str | None = None) -> list[Artefact]:
    """Every file of the snapshot of a data folder, with its up-to-date text.

    Parameters
    ----------
    data : path-like, optional
        Data folder (default :func:`simulation.paths.data_dir`).
    territory : str
        Territory of the card lock.
    scenario : str, optional
        Scenario of the prospective cards (default: the one of ``cards/prospective.toml``).

    Raises
    ------
    DataFolderError
        The data folder has problems (nothing can be computed from it).
    """
    from simulation import docsgen
    from simulation.cards.lock import lock_path, render_lock
    from simulation.cards.model_decks import all_print_cards
    from simulation.model import load_model

    folder = data_dir(data)
    model = load_model(folder)
    # the lock: every card and what the climate posters print
    cards = all_print_cards(folder, territory, scenario, model=model, posters=True)
    out = [
        Artefact(lock_path(folder), render_lock(cards), t("cli.artefact_lock")),
        Artefact(trajectories_path(folder), render_trajectories(model),
                 t("cli.artefact_trajectories"), same_trajectories),
    ]
    root = docs_root(folder)
    for rel, text in docsgen.render_pages(folder).items():
        out.append(Artefact(root / rel, text, t("cli.artefact_page")))
    return out


def stale(data: str | os.PathLike[str] | None = None, territory: str = "france",
          scenario: str | None = None) -> list[Artefact]:
    """The files of the snapshot that are missing or out of date (see :func:`artefacts`)."""
    return [a for a in artefacts(data, territory, scenario) if a.is_stale()]


def write(data: str | os.PathLike[str] | None = None, territory: str = "france",
          scenario: str | None = None) -> list[Artefact]:
    """Rewrite the stale files of the snapshot, each atomically; return them."""
    from simulation.docsgen import write_atomic

    written = stale(data, territory, scenario)
    for artefact in written:
        write_atomic(artefact.path, artefact.text)
    return written
