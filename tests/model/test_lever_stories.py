"""The 2050 sentence of each lever level (``story_fr`` / ``story_en``) and its checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.data import load_data
from simulation.exceptions import LeverFileError
from simulation.levers import STORY_PLACEHOLDERS, load_levers, story_placeholders
from simulation.model import load_model
from simulation.paths import data_dir
from simulation.story import fill, level_story

VOCABULARY = load_data().vocabulary
FIXTURES = Path(__file__).parents[1] / "data" / "model" / "levers"


def line_of(path: Path, marker: str) -> int:
    for i, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if marker in line:
            return i
    raise AssertionError(f"{marker!r} not in {path}")


def test_every_level_above_zero_tells_its_2050_in_both_languages():
    for lever in load_model().levers:
        assert not lever.levels[0].story_fr and not lever.levels[0].story_en, lever.id
        for level in range(1, len(lever.levels)):
            for lang in ("fr", "en"):
                sentence = level_story(lever, level, lang)
                assert sentence and "{" not in sentence and "}" not in sentence
                assert sentence[0].isupper() and sentence.endswith("."), (lever.id, sentence)
                label = lever.levels[level].label_en if lang == "en" else \
                    lever.levels[level].label_fr
                # the level's numbers are the label's, in the sentence (never retyped)
                assert label.split(" (")[0].rstrip(". ") in sentence, (lever.id, level, lang)


def test_the_four_levels_of_a_lever_tell_four_different_stories():
    for lever in load_model().levers:
        stories = {lever.levels[k].story_fr for k in range(1, 5)}
        assert len(stories) == 4, lever.id


def test_fill_refuses_a_missing_or_empty_value_and_an_empty_sentence():
    assert fill("Il fait {value}.", value="chaud") == "Il fait chaud."
    with pytest.raises(ValueError, match="sans valeur"):
        fill("Il fait {value}.")
    with pytest.raises(ValueError, match="vides"):
        fill("Il fait {value}.", value=" ")
    with pytest.raises(ValueError, match="vide"):
        fill("   ")


def test_story_placeholders_reads_names_and_refuses_formats():
    assert story_placeholders("On roule ({label}).") == {"label"}
    assert story_placeholders("Des {{accolades}}.") == set()
    assert STORY_PLACEHOLDERS == ("label",)
    for bad, why in (("{label:>5}", "pas de format"), ("{label!r}", "pas de format"),
                     ("({label)", "expected '}'"), ("fin }", "Single '}'")):
        with pytest.raises(ValueError, match=why):
            story_placeholders(bad)


@pytest.mark.parametrize(("case", "marker", "column", "words"), [
    ("story-unknown-placeholder", "({niveau})", "levels.story_fr", "repère inconnu « {niveau} »"),
    ("story-on-level-zero", 'story_fr = "On roule seul."', "levels.story_fr",
     "le niveau 0 décrit aujourd'hui"),
    ("story-unbalanced", "({label).", "levels.story_fr", "récit invalide"),
    ("story-different-placeholders", "colleagues travel together.", "levels.story_en",
     "pas les mêmes repères"),
])
def test_broken_story_gives_path_line_column(case, marker, column, words):
    path = FIXTURES / case / "covoiturage.toml"
    with pytest.raises(LeverFileError) as exc:
        load_levers(path.parent, VOCABULARY)
    problems = exc.value.problems
    where = [p for p in problems if words in p.message]
    assert where, "\n".join(map(str, problems))
    assert where[0].line == line_of(path, marker)
    assert where[0].column == column
    assert where[0].path.endswith(f"{case}/covoiturage.toml")
    assert f":{where[0].line}: {column}:" in str(where[0])


def test_missing_story_points_at_its_level():
    path = FIXTURES / "story-missing" / "covoiturage.toml"
    with pytest.raises(LeverFileError) as exc:
        load_levers(path.parent, VOCABULARY)
    [problem] = [p for p in exc.value.problems if p.column == "levels.story_en"]
    # the [[levels]] header of level 2, the level without story_en
    headers = [i for i, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
               if line.strip() == "[[levels]]"]
    assert problem.line == headers[2]
    assert "texte manquant" in problem.message


def test_the_shipped_levers_load():
    assert len(load_levers(data_dir() / "levers", VOCABULARY)) == len(load_model().levers)
