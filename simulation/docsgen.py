"""Generated documentation: pages computed from ``data/``, written by ``atelier snapshot``.

A page is a function ``(data_dir) -> str`` registered under its path relative to the
project root with :func:`register`. ``atelier snapshot`` (or ``atelier docs`` for the pages
alone) writes every registered page atomically, only when its text changed; the snapshot's
staleness test (``tests/test_snapshot.py``) fails when a page in the tree differs from what
the data gives (see :mod:`simulation.snapshot`). Other parts add their own pages::

    from simulation.docsgen import register

    @register("docs/leviers.md")
    def levers_page(data_dir): ...

and import their module in :data:`PAGE_MODULES` so that the snapshot sees them.
"""

from __future__ import annotations

import importlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from simulation.factors import Factor
from simulation.paths import PROJECT_DIR, data_dir

PageFunction = Callable[[Path], str]

#: Registered pages: path relative to the project root -> generator.
PAGES: dict[str, PageFunction] = {}

#: Modules imported before generating, so that their ``@register`` decorators run.
PAGE_MODULES: tuple[str, ...] = ("simulation.docsgen", "simulation.docsgen_model")

NNBSP = "\u202f"  # narrow no-break space (French thousands separator, before units)


def register(relpath: str) -> Callable[[PageFunction], PageFunction]:
    """Register a page generator under ``relpath`` (e.g. ``"docs/facteurs.md"``)."""

    def deco(func: PageFunction) -> PageFunction:
        PAGES[relpath] = func
        return func

    return deco


def _load_page_modules() -> None:
    for name in PAGE_MODULES:
        importlib.import_module(name)


def render_pages(data: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Render every registered page.

    Parameters
    ----------
    data : path-like, optional
        Data folder (default: ``data_dir()``).

    Returns
    -------
    dict
        Relative path -> page text.
    """
    _load_page_modules()
    folder = data_dir(data)
    return {rel: func(folder) for rel, func in sorted(PAGES.items())}


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder + ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stale_pages(root: Path | None = None, data: str | os.PathLike[str] | None = None) -> list[str]:
    """Relative paths of the pages whose file under ``root`` differs from the data."""
    root = root or PROJECT_DIR
    out = []
    for rel, text in render_pages(data).items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(rel)
    return out


def write_pages(root: Path | None = None, data: str | os.PathLike[str] | None = None) -> list[str]:
    """Write every page whose text changed under ``root``; return their relative paths."""
    root = root or PROJECT_DIR
    written = []
    for rel, text in render_pages(data).items():
        path = root / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        write_atomic(path, text)
        written.append(rel)
    return written


# ---------------------------------------------------------------------------------------
# French number typography for generated pages (exact: works on the text as written)
# ---------------------------------------------------------------------------------------
def fr_number_text(text: str) -> str:
    """French form of a decimal number written in a CSV: ``"12345.6"`` -> ``"12 345,6"``.

    The digits are kept as written (no rounding); thousands get a narrow no-break space.
    """
    t = text.strip()
    m = re.fullmatch(r"([+-]?)(\d+)(?:\.(\d*))?([eE][+-]?\d+)?", t)
    if not m:
        return t
    sign, ipart, frac, exp = m.groups()
    if exp:  # scientific notation: show the plain decimal form
        return fr_number_text(f"{float(t):.12f}".rstrip("0").rstrip("."))
    groups = []
    while len(ipart) > 3:
        groups.insert(0, ipart[-3:])
        ipart = ipart[:-3]
    groups.insert(0, ipart)
    out = sign.replace("-", "−") + NNBSP.join(groups)
    if frac:
        out += "," + frac
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


_URL_RE = re.compile(r"https?://[^\s;,)]+")


def _source_cell(f: Factor) -> str:
    links = _URL_RE.findall(f.source_ref)
    rest = _URL_RE.sub("", f.source_ref)
    rest = re.sub(r"[\s;+,]+", " ", rest).strip()
    parts = [_cell(f.source)]
    if links:
        parts.append(" ".join(f"[lien{'' if len(links) == 1 else f' {i}'}]({u})"
                              for i, u in enumerate(links, 1)))
    if rest and not links:
        parts.append(_cell(rest))
    return " — ".join(parts)


GROUP_TITLES = {
    "mobilite": "Mobilité",
    "alimentation": "Alimentation",
    "batiment_energie": "Bâtiment : vecteurs énergétiques",
    "batiment_chauffage": "Bâtiment : chauffage et climatisation",
    "batiment_construction": "Bâtiment : construction et rénovation",
    "economie_biens": "Économie : biens",
    "economie_numerique": "Économie : numérique",
    "economie_services": "Économie : services",
}

@register("docs/facteurs.md")
def factors_page(folder: Path) -> str:
    """The table of every emission factor (``docs/facteurs.md``)."""
    from simulation.data import load_data

    data = load_data(folder)
    fb = data.factors
    groups: dict[str, list[Factor]] = {}
    for f in fb:
        groups.setdefault(f.group, []).append(f)
    counts = {s.label_fr.lower(): len(fb.by_sector(s.id)) for s in data.vocabulary.sectors.values()}
    lines = [
        "# Facteurs d'émission",
        "",
        "<!-- Fichier généré par `atelier snapshot` à partir de data/emission_factors/*.csv : "
        "ne pas modifier à la main. -->",
        "",
        f"{len(fb)} facteurs d'émission, lus dans `data/emission_factors/` "
        "(schéma : [SCHEMA.md](../data/emission_factors/SCHEMA.md), règles : "
        "[donnees.md](donnees.md)). Par secteur : "
        + ", ".join(f"{s} {n}" for s, n in counts.items() if n) + ".",
        "",
        "Valeurs, plages et unités telles qu'écrites dans les fichiers. La plage va de la "
        "valeur basse à la valeur haute ; un astérisque (\\*) signale qu'au moins une borne "
        "vient de la **règle par défaut** (hypothèse : bande relative selon la classe de "
        "qualité, voir SCHEMA.md) et non d'une valeur alternative sourcée. "
        "« Revoir avant » est la date à laquelle le facteur doit être revérifié "
        "(`atelier factors due` liste ceux dont la date est passée).",
        "",
        "Régénérer cette page : `atelier snapshot`.",
        "",
    ]
    for group, factors in groups.items():  # file order (see factors.FILE_ORDER)
        title = GROUP_TITLES.get(group, group)
        lines += [
            f"## {title}",
            "",
            f"Fichier `data/emission_factors/{group}.csv` ({len(factors)} facteurs).",
            "",
            "| Identifiant | Facteur | Valeur | Unité | Plage | Année | Source | Revoir avant |",
            "|---|---|---:|---|---|---:|---|---|",
        ]
        for f in factors:
            star = " \\*" if "plage par défaut" in f.notes else ""
            rng = f"{fr_number_text(f.low_text)} – {fr_number_text(f.high_text)}{star}"
            lines.append(
                f"| `{f.id}` | {_cell(f.label_fr)} | {fr_number_text(f.value_text)} "
                f"| {_cell(f.unit)} | {rng} | {f.year} | {_source_cell(f)} "
                f"| {f.review_by.isoformat()} |"
            )
        lines.append("")
    return "\n".join(lines)
