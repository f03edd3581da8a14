"""The shipped data say where their numbers come from (issue 10).

Counts of assumed lever levels and preset contexts, the order of the ADEME presets, the local
parameters of Montpellier Méditerranée Métropole, review dates in the future, and the checks
on a territory's ``inherited`` list and ``[[figures]]`` tables (broken copies of the files).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tomllib

import pytest

from simulation.cli import main
from simulation.data import load_data
from simulation.docsgen_model import level_source_counts
from simulation.exceptions import TerritoryFileError
from simulation.factors import load_factors
from simulation.paths import data_dir
from simulation.territories import load_territories

MAX_HYPOTHESIS_SHARE = 0.20
PRESET_ORDER = ("tendanciel", "s4", "s3", "s2", "s1")  # highest footprint first in 2050
MTP = "montpellier-metropole"


def _is_hypothesis(source: str) -> bool:
    return source.strip().lower().startswith("hypothèse")


@pytest.fixture(scope="module")
def model():
    from simulation.model import load_model

    return load_model(data_dir())


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# ------------------------------------------------------------------ levers and presets
def test_at_most_20_percent_of_lever_levels_are_hypotheses(model):
    counts = level_source_counts(model.levers)
    assert counts["total"] == 4 * len(model.levers)
    by_hand = sum(_is_hypothesis(lv.source) for lever in model.levers for lv in lever.levels[1:])
    assert counts["hypothese"] == by_hand
    assert counts["hypothese"] + counts["palier"] + counts["publie"] == counts["total"]
    assert counts["hypothese"] / counts["total"] <= MAX_HYPOTHESIS_SHARE


def test_the_count_printed_in_leviers_md_is_the_data_count(model):
    counts = level_source_counts(model.levers)
    page = (data_dir().parent / "docs" / "leviers.md").read_text(encoding="utf-8")
    m = re.search(r"\*\*Sources des niveaux 1 à 4\*\* : (\d+) niveaux, dont (\d+) citent .*?"
                  r"(\d+) sont des paliers .*? et (\d+) restent des hypothèses", page)
    assert m, "docs/leviers.md : compte des sources absent ; lancez `atelier docs`"
    assert tuple(int(x) for x in m.groups()) == (counts["total"], counts["publie"],
                                                  counts["palier"], counts["hypothese"])


def test_interpolated_steps_name_the_published_level_they_lead_to(model):
    for lever in model.levers:
        for k, level in enumerate(lever.levels[1:], start=1):
            if level.source.startswith("palier"):
                assert "entre aujourd'hui et" in level.source, (lever.id, k)
                published = [lv for lv in lever.levels[1:] if not lv.source.startswith(
                    ("palier", "hypothèse"))]
                assert published, f"{lever.id} : un palier sans niveau publié vers lequel aller"


def test_level_labels_fit_a_dashboard_row(model):
    for lever in model.levers:
        for level in lever.levels:
            assert len(level.label_fr) <= 45 and len(level.label_en) <= 45, (lever.id, level)
            assert "…" not in level.label_fr + level.label_en, lever.id


def test_no_level_source_cites_a_file_of_this_repository(model):
    names = re.compile(r"climate-facts|levers-sources|shared/reference|factors\.md|\.csv\b")
    for lever in model.levers:
        for level in lever.levels:
            assert not names.search(level.source), (lever.id, level.source)
    for sc in model.scenarios.values():
        assert not names.search(sc.source), sc.id
        for effect in sc.context:
            assert not names.search(effect.source), (sc.id, effect.parameter)


def test_preset_contexts_are_sourced(model):
    contexts = [e for sc in model.scenarios.values() for e in sc.context]
    assert contexts
    assumed = [e for e in contexts if _is_hypothesis(e.source)]
    assert len(assumed) / len(contexts) <= MAX_HYPOTHESIS_SHARE


def test_presets_order_in_2050_follows_ademe(model):
    """ADEME Transition(s) 2050: pressures grow from S1 to S4; the trend is above all four."""
    totals = [model.evaluate(None, "france", sid).value(2050) for sid in PRESET_ORDER]
    assert totals == sorted(totals, reverse=True), dict(zip(PRESET_ORDER, totals, strict=True))
    assert len(set(totals)) == len(totals)


def test_industry_lever_stays_within_what_sources_support(model):
    """The SNBC path of French production (a third of the footprint) moves the total by less
    than the old unsourced −60 % on all goods and services did."""
    lever = model.lever("industrie_bas_carbone")
    effect = model.lever_effect("industrie_bas_carbone", 3, "france", 2050)
    items = model.evaluate({}, "france").item_values(2050)
    goods_and_services = sum(items["economie"].values()) + items["services_publics"][
        "services_publics"] - items["economie"]["numerique"]
    assert -0.6 * goods_and_services < effect < 0
    assert all(not _is_hypothesis(lv.source) for lv in lever.levels[1:4])


# ------------------------------------------------------------------------ Montpellier
def _territory_file(tid: str) -> dict:
    with open(data_dir() / "territories" / f"{tid}.toml", "rb") as fh:
        return tomllib.load(fh)


def _summary(capsys, territory: str) -> dict:
    code, out, err = run(capsys, "model", "summary", "--territory", territory, "--year",
                         "2023", "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_montpellier_summary_differs_from_france_where_local_data_exist(capsys):
    local = _territory_file(MTP)["parameters"]
    assert len(local) >= 10
    mtp, fra = _summary(capsys, MTP), _summary(capsys, "france")
    for name, entry in local.items():
        assert mtp["parameters"][name]["inherited_from"] == "", name
        assert mtp["parameters"][name]["value"] == pytest.approx(entry["value"]), name
        assert mtp["parameters"][name]["value"] != pytest.approx(
            fra["parameters"][name]["value"], rel=1e-3), name
        assert not _is_hypothesis(entry["source"]), name
    for name, entry in mtp["parameters"].items():
        if name not in local:
            assert entry["inherited_from"] == "france", name
            assert entry["value"] == fra["parameters"][name]["value"], name
    assert mtp["total"] != pytest.approx(fra["total"], rel=1e-3)
    assert mtp["sectors"]["batiment"] < fra["sectors"]["batiment"]


def test_montpellier_lists_its_national_values_and_its_own_figures(model):
    raw = _territory_file(MTP)
    terr = model.territories[MTP]
    assert sorted(raw["inherited"]) == list(terr.inherited())
    assert set(terr.local()) == set(raw["parameters"])
    groups = {f.group for f in terr.figures}
    assert groups == {"energie", "pcaet", "inventaire"}
    assert all(f.source for f in terr.figures)
    assert not model.territories["france"].inherited()


def _broken_territories(tmp_path, edit):
    folder = tmp_path / "territories"
    shutil.copytree(data_dir() / "territories", folder)
    path = folder / f"{MTP}.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def test_an_inherited_list_that_forgets_a_parameter_is_an_error(tmp_path):
    folder = _broken_territories(tmp_path, lambda t: t.replace('"ac_kg", ', "", 1))
    with pytest.raises(TerritoryFileError) as err:
        load_territories(folder, load_data().vocabulary)
    text = str(err.value)
    assert "montpellier-metropole.toml" in text and "inherited" in text and "ac_kg" in text


def test_an_inherited_list_naming_a_local_parameter_is_an_error(tmp_path):
    folder = _broken_territories(tmp_path, lambda t: t.replace('"ac_kg", ', '"ac_kg", "car_km", ',
                                                               1))
    with pytest.raises(TerritoryFileError) as err:
        load_territories(folder, load_data().vocabulary)
    assert "car_km" in str(err.value) and "retirez" in str(err.value)


def test_the_inherited_list_is_optional_and_computed_anyway(tmp_path):
    folder = _broken_territories(tmp_path, lambda t: re.sub(r"inherited = \[.*?\]\n", "", t,
                                                            flags=re.S))
    terr = load_territories(folder, load_data().vocabulary)[MTP]
    assert "bus_km" in terr.inherited() and "car_km" not in terr.inherited()


def test_an_inherited_list_that_is_not_a_list_is_an_error(tmp_path):
    folder = _broken_territories(tmp_path, lambda t: re.sub(r"inherited = \[.*?\]\n",
                                                            'inherited = "bus_km"\n', t,
                                                            flags=re.S))
    with pytest.raises(TerritoryFileError) as err:
        load_territories(folder, load_data().vocabulary)
    assert "inherited = [...]" in str(err.value)


@pytest.mark.parametrize(("bad", "message"), [
    ('group = "energie"', 'group = "climat"'),
    ("value = 45\n", 'value = "45"\n'),
    ('source = "Atmo Occitanie, « État des lieux des sources de pollution sur nos territoires » '
     '(inventaire 2008-2022)"', 'source = " "'),
])
def test_a_broken_figure_is_reported_with_its_line(tmp_path, bad, message):
    folder = _broken_territories(tmp_path, lambda t: t.replace(bad, message, 1))
    with pytest.raises(TerritoryFileError) as err:
        load_territories(folder, load_data().vocabulary)
    assert re.search(r"montpellier-metropole\.toml:\d+: figures\.", str(err.value))


# ------------------------------------------------------------------------ review dates
def test_no_factor_is_due_on_2026_12_01(capsys):
    code, out, _ = run(capsys, "factors", "due", "--on", "2026-12-01")
    assert code == 0
    assert "Aucun facteur" in out and "data/emission_factors" not in out


def test_no_factor_review_date_is_in_the_past():
    today = dt.date.today()
    fb = load_factors(data_dir() / "emission_factors")
    past = [(f.id, f.review_by) for f in fb if f.review_by < today]
    assert not past, "facteurs à revérifier : atelier factors due"


def test_rechecked_factors_record_the_date_of_the_check():
    fb = load_factors(data_dir() / "emission_factors")
    checked = [f for f in fb if "Vérifié le 2026-11-28" in f.notes]
    assert len(checked) >= 56
    assert all(f.review_by > dt.date(2026, 11, 28) for f in checked)


def test_no_printed_card_shows_a_review_date_in_the_past(model):
    from simulation.cards.model_decks import all_print_cards

    today = dt.date.today()
    for territory in ("france", MTP):
        cards = all_print_cards(territory=territory, model=model)
        assert cards
        for card in cards:
            assert card.review_by is None or card.review_by >= today, (territory, card.id)


def test_no_range_bound_is_a_different_scope_by_construction():
    """Ranges never borrow the value of another scope (with/without contrails, manufacturing
    only versus full life cycle, another edition of the electricity factor)."""
    fb = load_factors(data_dir() / "emission_factors")
    for a, b in [("mob_ic_plane_short", "mob_ic_plane_short_nocontrail"),
                 ("mob_ic_plane_medium", "mob_ic_plane_medium_nocontrail"),
                 ("eco_ic_cloth_tshirtencoton", "eco_ngc_tshirt"),
                 ("eco_ic_appl_lavelinge", "eco_ngc_appl_washer"),
                 ("nrg_elec_fr_2025", "nrg_elec_fr_prev")]:
        for x, y in ((a, b), (b, a)):
            assert fb[y].value not in (fb[x].low, fb[x].high), (x, y)
    for f in fb:
        assert "règle « " in f.notes, f.id
