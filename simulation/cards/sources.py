"""The sources printed on a card's back: short, in plain French, without tool jargon.

The data keeps the full citation of every number (factor rows, lever levels, scenarios), with
the database, the repository and the commit it was read from; the CSV and JSON exports of the
cards keep them. A card's back has room for a few lines at 6 pt, read by participants: it
prints who published the number, and, for a value read through a tool, which public tool
(Impact CO2, Nos Gestes Climat), never a repository, a version of a library or a sentence in
English. The rewriting rules are here, applied at print time; ``tests/cards`` checks that no
printed source keeps a word of :data:`JARGON`.
"""

from __future__ import annotations

import re

from simulation.texts import t

#: Words a printed source must not contain (tests/cards/test_print_sources.py).
JARGON = ("lu dans", "repo", "commit", "publicodes", "evaluated", "default answers", "npm",
          "model", "study", "update", "quoting", "as quoted", "fact-check", "http", " FE ",
          "manufacturing", "incl.", "@")

#: Characters a printed lever or scenario source may take (about five lines at 6 pt).
LEVER_BUDGET = 170

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

#: Rewriting of the database part of a factor's source, in order.
_BASE_RULES: tuple[tuple[str, str], ...] = (
    (r"\s*\(\d{4}-\d{2}-\d{2}\)", ""),  # dates of a database release
    (r"\s*\(id \d+\)", ""),  # database identifiers
    (r"Base Empreinte / ADEME (\d{4}) consumer goods study",
     r"Base Empreinte et étude ADEME \1 sur les biens de consommation"),
    (r"ADEME/Arcep (\d{4}) update", r"ADEME-Arcep, mise à jour \1"),
    (r"ADEME \(Saint-Pierre-et-Miquelon study\)", "ADEME, étude sur Saint-Pierre-et-Miquelon"),
    (r"\bCEREN (\d{4}) x FE \(elec [\d.]+\)", r"SDES-CEREN \1 et Base Empreinte"),
    (r"\bNGC \d+(?:\.\d+)* \(elec FE [\d.]+\)", "Nos Gestes Climat"),
    (r"\(as quoted (\d{4})\)", r"(cité en \1)"),
    (r"Electricité/(\d{4}) - mix moyen/consommation", r"électricité \1, mix moyen de consommation"),
    (r"\(manufacturing incl\. distribution\)", "(fabrication et distribution)"),
    (r"CentraleSupélec/OID", "CentraleSupélec et OID"),
    (r"\s*/\s*", ", "),
)

#: The tool a value was read in (« lu dans … »), as participants know it.
_READERS: tuple[tuple[str, str], ...] = (
    (r"Nos Gestes Climat|publicodes-commun", "Nos Gestes Climat"),
    (r"Impact CO2", "Impact CO2"),
    (r"TF1 Info|franceinfo", "TF1 Info et franceinfo"),
)

_REPO_DETAIL = re.compile(r"\s*\((?:[^()]*?(?:repo |commit |https?://|npm)[^()]*)\)")


def _clean(text: str) -> str:
    text = _REPO_DETAIL.sub("", text)
    for pattern, repl in _BASE_RULES:
        text = re.sub(pattern, repl, text)
    return re.sub(r"\s{2,}", " ", text).strip(" ;,")


def factor_source(source: str) -> str:
    """« Base Empreinte ; lu dans Impact CO2 (repo …) » -> « Base Empreinte, via Impact CO2 »."""
    base, _sep, reader = source.partition(" ; lu dans ")
    printed = _clean(base)
    if reader:
        name = next((label for pattern, label in _READERS if re.search(pattern, reader)),
                    None)
        if name and name not in printed:
            printed = t("cards.via", source=printed, tool=name)
    return printed


def quantity_source(source: str) -> str:
    """A card quantity's source, or ``""`` when it only says the card gives the quantity."""
    if source.startswith("quantité de la carte"):
        return ""
    return re.sub(r"^hypothèse : ", "", source).strip()


def split_top(text: str, separator: str) -> list[str]:
    """Split ``text`` on ``separator`` outside parentheses, brackets and « quotes »."""
    parts, depth, current, i = [], 0, [], 0
    while i < len(text):
        ch = text[i]
        if ch in "(«[":
            depth += 1
        elif ch in ")»]":
            depth = max(0, depth - 1)
        if depth == 0 and text.startswith(separator, i):
            parts.append("".join(current).strip())
            current = []
            i += len(separator)
            continue
        current.append(ch)
        i += 1
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _dated_groups(text: str) -> list[str]:
    """Parenthesised groups that name a publication (a year and some words)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            group = text[start + 1:i]
            if depth == 0 and _YEAR.search(group) and re.search(r"[^\W\d]{3}", group):
                out.append(group)
    return out


def citations(source: str) -> list[str]:
    """The publications a lever level's or a scenario's source cites, without the calculation.

    « calcul : ADEME, Transition(s) 2050 (2021) : construction neuve −60 % … » gives
    « ADEME, Transition(s) 2050 (2021) »; an interpolated step (« palier ») cites nothing of its
    own; an assumption gives « hypothèse du projet ».
    """
    out: list[str] = []
    for clause in split_top(source, " ; "):
        lowered = clause.lower()
        if lowered.startswith("palier"):
            continue
        if lowered.startswith("hypothèse"):
            out.append(t("cards.project_assumption"))
            continue
        clause = re.sub(r"^calcul : ", "", clause)
        head = split_top(clause, " : ")
        if len(head) > 1 and _YEAR.search(head[0]) and head[0][:1].isupper():
            out.append(head[0])
        elif len(head) == 1 and _YEAR.search(clause) and clause[:1].isupper() \
                and len(clause) <= 120:
            out.append(clause)
        else:
            out.extend(_dated_groups(clause))
    # « Niveaux choisis par atelier-transition d'après ADEME, … » cites ADEME, …
    return [_clean(c.rsplit("d'après ", 1)[-1]) for c in out]


def join_within(items, budget: int, more: str) -> str:
    """Distinct ``items`` joined by « ; », as many as fit in ``budget`` characters.

    When some are left out, ``more`` is appended (where to read them all).
    """
    kept: list[str] = []
    distinct = list(dict.fromkeys(i for i in items if i))
    for item in distinct:
        candidate = " ; ".join([*kept, item])
        if len(candidate) > budget and kept:
            break
        kept.append(item)
    text = " ; ".join(kept)
    return f"{text} ; {more}" if len(kept) < len(distinct) else text


def printed_ges_sources(uses, factors) -> str:
    """Sources of a GES card: who published each factor, and where the quantity comes from."""
    parts = [factor_source(factors[u.factor_id].source) for u in uses]
    quantities = [quantity_source(u.source) for u in uses]
    sources = " ; ".join(dict.fromkeys(p for p in parts if p))
    quantity = " ; ".join(dict.fromkeys(q for q in quantities if q))
    if quantity:
        return t("cards.printed_sources_quantity", sources=sources, quantity=quantity)
    return t("cards.printed_sources", sources=sources)


def printed_lever_sources(level_sources) -> str:
    """Sources of a lever card: the publications behind its printed levels."""
    found = [c for s in level_sources for c in citations(s)]
    listed = join_within(found, LEVER_BUDGET, t("cards.more_sources"))
    return t("cards.printed_sources", sources=listed) if listed else ""


__all__ = ["JARGON", "citations", "factor_source", "printed_ges_sources",
           "printed_lever_sources", "quantity_source", "split_top"]
