"""``atelier cards build``: every output of the print run, written atomically.

Outputs (in the folder given with ``--out``, default ``build/cards``):

* ``cards.csv``: data merge for InDesign, Scribus or Affinity (UTF-8 with BOM-free header,
  one card a row, no line break inside a field, numbers already typeset in French);
* ``cards.json``: every field, French and English, with the unrounded numbers;
* ``cards.pdf``: A4 sheets of 63 × 88 mm cards with bleed and crop marks, fronts and
  mirrored backs alternating (see :mod:`simulation.cards.layout`);
* ``posters-a3.pdf``: one A3 poster per sector (see :mod:`simulation.cards.posters`);
* ``climate-posters-a3.pdf``: the planetary boundaries and the great acceleration, A3 (see
  :mod:`simulation.cards.climate_print`).

Everything is first written to a temporary folder next to the output folder; the files are
moved into place only when all of them succeeded, so on any error the output folder is left
exactly as it was.

Before writing, the build compares its cards with the card lock and looks for past review
dates (:func:`simulation.checks.print_warnings`): it warns, or with ``strict=True``
(``atelier cards build --strict``) refuses to build, so that no strict print run shows a
past review date or values that were not locked.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from simulation.cards.content import LICENCE_LINE, PrintCard
from simulation.cards.definitions import load_deck_configs
from simulation.cards.layout import render_cards_pdf
from simulation.cards.lock import DETAIL_SEP
from simulation.cards.model_decks import all_print_cards
from simulation.checks import print_warnings
from simulation.exceptions import AtelierError
from simulation.paths import PROJECT_DIR
from simulation.paths import data_dir as default_data_dir
from simulation.texts import t

OUTPUTS = ("cards.csv", "cards.json", "cards.pdf", "posters-a3.pdf", "climate-posters-a3.pdf")
DEFAULT_OUT = PROJECT_DIR / "build" / "cards"

#: Columns of cards.csv (data merge): short ASCII names, one card a row.
CSV_FIELDS = ("id", "deck", "deck_title", "kind", "number", "total", "title", "subtitle",
              "front_lines", "value_label", "value", "range", "details", "sources",
              "review_by", "credits", "licence", "value_kg", "low_kg", "high_kg")


def _one_line(text: str) -> str:
    return " ".join(str(text).split("\n")).replace("\r", " ")


def csv_rows(cards: list[PrintCard]) -> list[dict[str, str]]:
    """The data-merge rows of ``cards`` (every field on one line)."""
    rows, counts, seen = [], {}, {}
    for c in cards:
        counts[c.deck] = counts.get(c.deck, 0) + 1
    for c in cards:
        seen[c.deck] = seen.get(c.deck, 0) + 1
        row = {
            "id": c.id, "deck": c.deck, "deck_title": c.deck_title, "kind": c.kind,
            "number": str(seen[c.deck]), "total": str(counts[c.deck]), "title": c.title,
            "subtitle": c.subtitle, "front_lines": DETAIL_SEP.join(c.front_lines),
            "value_label": c.value_label, "value": c.value, "range": c.range,
            "details": DETAIL_SEP.join(c.details), "sources": c.sources,
            "review_by": c.review_by.isoformat() if c.review_by else "",
            "credits": c.credits, "licence": LICENCE_LINE,
            "value_kg": "" if c.value_kg is None else f"{c.value_kg:.6g}",
            "low_kg": "" if c.low_kg is None else f"{c.low_kg:.6g}",
            "high_kg": "" if c.high_kg is None else f"{c.high_kg:.6g}",
        }
        rows.append({k: _one_line(v) for k, v in row.items()})
    return rows


def write_csv(cards: list[PrintCard], path: Path) -> None:
    """Write ``cards.csv`` (UTF-8, comma-separated, header row, quoted when needed)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(csv_rows(cards))


def write_json(cards: list[PrintCard], path: Path, meta: dict) -> None:
    """Write ``cards.json``: ``{"meta": …, "cards": [...]}``."""
    doc = {"meta": meta, "cards": [c.as_record() for c in cards]}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote."""

    out: Path
    cards: int
    card_pages: int
    poster_pages: int
    seconds: float
    warnings: tuple[str, ...] = ()


class BuildRefused(AtelierError):
    """A strict build found a stale lock or a past review date; nothing was written."""

    def __init__(self, warnings: list[str]):
        self.warnings = list(warnings)
        super().__init__("\n".join([t("cli.build_refused"),
                                    *(f"- {w}" for w in self.warnings)]))


def build(out: str | Path | None = None, data_dir: str | Path | None = None,
          territory: str = "france", scenario: str | None = None, strict: bool = False,
          on: dt.date | None = None) -> BuildReport:
    """Build every card output into ``out``, atomically.

    Parameters
    ----------
    out : path-like, optional
        Output folder (default ``build/cards`` of the project).
    data_dir : path-like, optional
        Data folder (default :func:`simulation.paths.data_dir`).
    territory : str
        Territory id.
    scenario : str, optional
        Scenario of the prospective deck and posters (default: ``data/cards/prospective.toml``).
    strict : bool
        Refuse to build (raise :class:`BuildRefused`) instead of warning when the card lock
        is stale or a card would print a past review date.
    on : datetime.date, optional
        Date of the review-date check (default: today).

    Returns
    -------
    BuildReport
        With the warnings of the run.

    Raises
    ------
    AtelierError
        Any invalid data or card, or a refused strict build; ``out`` is then unchanged.
    """
    from simulation.model import load_model

    t0 = time.perf_counter()
    out = Path(out) if out is not None else DEFAULT_OUT
    folder = default_data_dir(data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        m = load_model(folder)
        fb = m.factors
        cards = all_print_cards(folder, territory, scenario, model=m)
        configs = load_deck_configs(folder)
        default_sid = str(configs["prospective"][0].get("scenario", "")).strip()
        sid = scenario or default_sid
        # The lock records the prospective deck's default scenario.
        # … and what the climate posters print (rows of kind « affiche », never laid out)
        lock_cards = all_print_cards(folder, territory, model=m, posters=True)
        warnings = print_warnings(cards, folder, on or dt.date.today(), lock_cards)
        if strict and warnings:
            raise BuildRefused(warnings)
        meta = {"territory": territory, "scenario": sid, "licence": LICENCE_LINE,
                "generator": "atelier cards build"}
        write_csv(cards, tmp / "cards.csv")
        write_json(cards, tmp / "cards.json", meta)
        pages = render_cards_pdf(cards, tmp / "cards.pdf",
                                 t("cards.pdf_title", territory=m.territories[territory].name_fr))
        from simulation.cards.posters import render_posters_pdf

        credits = str(configs["prospective"][0].get("credits_fr", "")).strip()
        posters = render_posters_pdf(m, fb, tmp / "posters-a3.pdf", territory, sid, credits)
        from simulation.cards.climate_print import render_climate_posters_pdf
        from simulation.climate_data import load_climate

        posters += render_climate_posters_pdf(load_climate(folder),
                                              tmp / "climate-posters-a3.pdf")
        out.mkdir(parents=True, exist_ok=True)
        for name in OUTPUTS:
            os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return BuildReport(out, len(cards), pages, posters, time.perf_counter() - t0,
                       tuple(warnings))
