"""The text catalogue (``simulation/texts.toml``) against the code that reads it.

The source of ``simulation/`` is scanned (with :mod:`ast`, not imported): every key given
to :func:`simulation.texts.t` exists, every key of the catalogue is used, both languages
have the same ``{placeholders}`` and the code fills exactly those, no text is empty.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulation.paths import PROJECT_DIR
from simulation.texts import LANGS, catalogue, colon, t

SOURCE = PROJECT_DIR / "simulation"


@dataclass(frozen=True)
class Use:
    """One key given to ``t`` somewhere, and the keyword names passed with it."""

    key: str
    where: str
    names: frozenset[str] | None  # None: unknown (``**kwargs``, or the key from a loop)


def _aliases(tree: ast.Module) -> set[str]:
    """Local names of :func:`simulation.texts.t` in a module."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "simulation.texts":
            names |= {a.asname or a.name for a in node.names if a.name == "t"}
    return names


def _constants(node, tree: ast.Module) -> list[str] | None:
    """The key strings an argument of ``t`` can be, or None when they cannot be known."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _constants(node.body, tree), _constants(node.orelse, tree)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Name):  # a loop variable over a module-level tuple of keys
        for loop in ast.walk(tree):
            if not isinstance(loop, ast.For | ast.comprehension):
                continue
            bound = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
            if node.id not in bound:
                continue
            source = loop.iter
            if isinstance(source, ast.Call) and getattr(source.func, "id", "") == "enumerate":
                source = source.args[0]
            if isinstance(source, ast.Name):
                for stmt in tree.body:
                    if (isinstance(stmt, ast.Assign)
                            and any(getattr(x, "id", "") == source.id for x in stmt.targets)
                            and isinstance(stmt.value, ast.Tuple | ast.List)):
                        items = [_constants(e, tree) for e in stmt.value.elts]
                        if all(i is not None for i in items):
                            return [k for i in items for k in i]
    return None


def scan(folder: Path = SOURCE) -> tuple[list[Use], list[str]]:
    """Every key given to ``t`` under ``folder``, and the calls whose key is unknowable."""
    uses, unknown = [], []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        aliases = _aliases(tree)
        if not aliases:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in aliases and node.args):
                continue
            where = f"{path.relative_to(folder.parent)}:{node.lineno}"
            keys = _constants(node.args[0], tree)
            if keys is None:
                unknown.append(f"{where}: t({ast.unparse(node.args[0])})")
                continue
            splat = any(k.arg is None for k in node.keywords)
            names = None if splat else frozenset(k.arg for k in node.keywords)
            if isinstance(node.args[0], ast.Name):
                names = None  # the same call formats several keys
            uses += [Use(key, where, names) for key in keys]
    return uses, unknown


def placeholders(text: str) -> set[str]:
    """The ``{names}`` of a text."""
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text)
            if field is not None}


@pytest.fixture(scope="module")
def used():
    uses, unknown = scan()
    assert not unknown, ("keys the tests cannot read (give t() a literal key, or a loop over "
                         f"a module-level tuple of keys): {unknown}")
    assert len(uses) > 50  # the scan finds the dashboard, the roadmap, the cards
    return uses


def test_every_key_used_in_the_code_exists(used):
    missing = sorted({f"{u.where}: {u.key}" for u in used if u.key not in catalogue()})
    assert missing == [], "add these keys to simulation/texts.toml"


def test_every_text_of_the_catalogue_is_used(used):
    dead = sorted(set(catalogue()) - {u.key for u in used})
    assert dead == [], "texts nobody reads: remove them from simulation/texts.toml"


def test_the_code_fills_exactly_the_placeholders_of_each_text(used):
    wrong = []
    for u in used:
        if u.names is None or u.key not in catalogue():
            continue
        want = placeholders(catalogue()[u.key]["fr"])
        if set(u.names) != want:
            wrong.append(f"{u.where}: {u.key} needs {sorted(want)}, gets {sorted(u.names)}")
    assert wrong == []


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_both_languages_same_placeholders_and_no_empty_text(key):
    entry = catalogue()[key]
    assert set(entry) == set(LANGS), f"{key}: exactly fr and en, got {sorted(entry)}"
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), f"{key}.{lang} is empty"
        assert entry[lang] == entry[lang].strip(), f"{key}.{lang}: spaces around the text"
    assert placeholders(entry["fr"]) == placeholders(entry["en"]), key


def test_t_formats_and_chooses_the_language():
    assert t("ui.round_label", "fr", n=3) == "Manche 3"
    assert t("ui.round_label", "en", n=3) == "Round 3"
    assert t("ui.tab_levers") == catalogue()["ui.tab_levers"]["fr"]
    assert colon("fr") == "\u00a0: " and colon("en") == ": "
    with pytest.raises(KeyError):
        t("ui.no_such_text")


def test_scan_finds_literal_conditional_and_looped_keys(tmp_path):
    (tmp_path / "m.py").write_text(
        "from simulation.texts import t as text\n"
        "KEYS = ('a.one', 'a.two')\n"
        "def f(flag, name):\n"
        "    for i, key in enumerate(KEYS):\n"
        "        text(key, 'fr')\n"
        "    text('b.x' if flag else 'b.y', 'en', n=1)\n"
        "    text(name)\n", encoding="utf-8")
    (tmp_path / "other.py").write_text("def t(x):\n    return x\nt('not.a_key')\n",
                                       encoding="utf-8")
    uses, unknown = scan(tmp_path)
    assert sorted(u.key for u in uses) == ["a.one", "a.two", "b.x", "b.y"]
    assert {u.key: u.names for u in uses}["b.x"] == frozenset({"n"})
    assert len(unknown) == 1 and unknown[0].endswith("t(name)")


#: Modules whose printed or shown sentences all come from the catalogue (the CLI and the
#: print run). ``cards/sources.py`` is left out: its rules rewrite the data's citations.
CATALOGUED = ("cli.py", "commands/cards.py", "commands/check.py", "commands/docs.py",
              "commands/factors.py", "commands/model.py", "checks.py", "snapshot.py",
              "cards/build.py", "cards/climate_print.py", "cards/content.py",
              "cards/definitions.py", "cards/layout.py", "cards/lock.py",
              "cards/model_decks.py", "cards/posters.py")
#: French words these modules may still hold, each for a reason.
INLINE_ALLOWED = {
    "cards/lock.py": {"modifiée", "supprimée"},  # CardChange.status codes, never printed
    "cards/definitions.py": {" ; vouliez-vous dire « ", " » ?"},  # part of a Problem text
}
_FRENCH = re.compile(r"[àâçéèêëîïôûùœ«»]| : |\b(?:le|la|les|des|du|une|est|pas|par|pour|"
                     r"avec|dans)\b", re.IGNORECASE)


def _not_user_text(tree: ast.Module) -> set[int]:
    """Nodes that are not sentences for users: docstrings, ``Problem(...)`` texts (data
    validation, written for authors) and argparse ``help=`` / ``description=``."""
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)):
            out.add(id(body[0].value))
        if isinstance(node, ast.Call):
            if getattr(node.func, "id", "") == "Problem":
                out |= {id(n) for n in ast.walk(node)}
            for kw in node.keywords:
                if kw.arg in ("help", "description"):
                    out |= {id(n) for n in ast.walk(kw.value)}
    return out


@pytest.mark.parametrize("name", CATALOGUED)
def test_cli_and_print_modules_write_no_french_inline(name):
    path = SOURCE / name
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _not_user_text(tree)
    inline = sorted({f"{name}:{n.lineno}: {n.value!r}" for n in ast.walk(tree)
                     if isinstance(n, ast.Constant) and isinstance(n.value, str)
                     and id(n) not in skip and _FRENCH.search(n.value)
                     and n.value not in INLINE_ALLOWED.get(name, set())})
    assert inline == [], "move these texts to simulation/texts.toml and read them with t()"


def test_dates_units_and_kinds_exist_in_english():
    import datetime as dt

    from simulation.cards.content import written_date
    from simulation.cards.definitions import unit_label
    from simulation.cards.layout import kind_label

    assert written_date(dt.date(2027, 6, 1)) == "1er\u00a0juin 2027"
    assert written_date(dt.date(2027, 6, 30), "en") == "30 June 2027"
    assert unit_label("meal") == ("repas", "repas")
    assert unit_label("night", "en") == ("night", "nights")
    assert unit_label("kWh", "en") == ("kWh", "kWh")  # symbols print as they are
    assert kind_label("ges") == "JEU GES" and kind_label("levier", "en") == "LEVER"
