"""``atelier model summary``, ``atelier levers list`` and ``atelier bench``."""

from __future__ import annotations

import json
import os
import platform

from simulation.exceptions import AtelierError
from simulation.metrics import uncertainty_band
from simulation.texts import t


def register(sub) -> None:
    """Add the ``model``, ``levers`` and ``bench`` command groups."""
    model = sub.add_parser("model", help="résultats du modèle")
    msub = model.add_subparsers(dest="model_command", metavar="SOUS-COMMANDE", required=True)
    summary = msub.add_parser("summary", help="empreinte par secteur pour un parcours")
    summary.add_argument("--territory", default="france", help="territoire (défaut : france)")
    group = summary.add_mutually_exclusive_group()
    group.add_argument("--pathway", metavar="CODE", help="code de parcours (leviers du groupe)")
    group.add_argument("--scenario", metavar="ID", help="scénario : tendanciel, s1 … s4")
    summary.add_argument("--year", type=int, default=2050, help="année (2023–2050, défaut 2050)")
    summary.add_argument("--format", choices=("table", "json"), default="table")
    summary.set_defaults(handler=_summary)

    levers = sub.add_parser("levers", help="leviers d'action")
    lsub = levers.add_subparsers(dest="levers_command", metavar="SOUS-COMMANDE", required=True)
    llist = lsub.add_parser("list", help="liste des leviers")
    llist.add_argument("--format", choices=("table", "json"), default="table")
    llist.set_defaults(handler=_levers_list)

    bench = sub.add_parser("bench", help="mesure les temps de calcul du modèle")
    bench.add_argument("--json", action="store_true", help="sortie JSON")
    bench.add_argument("--repeat", type=int, default=20, help="répétitions (médiane)")
    bench.set_defaults(handler=_bench)


def _model(args):
    from simulation.model import load_model

    return load_model(args.data)


def summary_dict(model, territory: str, levels, scenario: str, year: int) -> dict:
    """The JSON shape of ``atelier model summary`` (see issue 3)."""
    if not 2023 <= year <= 2050:
        raise AtelierError(t("cli.year_out_of_range", year=year))
    result = model.evaluate(levels, territory, scenario)
    band = uncertainty_band(model, levels, territory, scenario)
    i = year - 2023
    terr = model.territories[territory]
    return {
        "territory": territory,
        "population": result.population,
        "year": year,
        "unit": "kgCO2e/person/year",
        "sectors": {s: round(v, 1) for s, v in result.sector_values(year).items()},
        "total": round(result.value(year), 1),
        "total_low": round(float(band.total_low[i]), 1),
        "total_high": round(float(band.total_high[i]), 1),
        "territory_total_tCO2e": round(result.territory_total_t(year)),
        # Baseline parameters, each marked with the territory it comes from: a value whose
        # "inherited_from" is not empty is shown as « valeur nationale » (docs/donnees.md).
        "parameters": {name: {"value": pv.value, "inherited_from": pv.inherited_from}
                       for name, pv in sorted(terr.parameters.items())},
        "figures": [{"id": f.id, "group": f.group, "label_fr": f.label_fr, "value": f.value,
                     "unit": f.unit, "year": f.year, "source": f.source}
                    for f in terr.figures],
    }


def _summary(args) -> int:
    from simulation.formatting import format_co2, format_integer, format_number

    model = _model(args)
    territory, scenario, levels = args.territory, args.scenario or "tendanciel", None
    if args.pathway:
        from simulation.pathway import decode_pathway

        territory, levels = decode_pathway(model, args.pathway)
    elif args.scenario is None:
        levels = {}
    data = summary_dict(model, territory, levels, scenario, args.year)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    name = model.territories[territory].name_fr
    context = model.scenarios[scenario].title_fr
    if levels is None:
        what = t("cli.summary_scenario", scenario=context)
    elif levels:
        what = t("cli.summary_levers", n=len(levels), scenario=context)
    else:
        what = t("cli.summary_no_lever", scenario=context)
    print(t("cli.summary_head", territory=name, year=args.year, what=what))
    print(t("cli.summary_total", total=format_co2(data["total"]),
            low=format_co2(data["total_low"]), high=format_co2(data["total_high"])))
    for s in model.sectors:
        print(f"  {model.sector_label(s):<18} {format_co2(data['sectors'][s]):>12}")
    megatonnes = format_number(data["territory_total_tCO2e"] / 1e6, digits=2)
    population = format_integer(data["population"])
    print(t("cli.summary_territory", megatonnes=megatonnes, population=population))
    return 0


def _levers_list(args) -> int:
    model = _model(args)
    rows = [{"id": lv.id, "sector": lv.sector, "kind": lv.kind, "title_fr": lv.title_fr,
             "title_en": lv.title_en, "text_fr": lv.text_fr,
             "levels": [lvl.label_fr for lvl in lv.levels],
             "parameters": sorted({e.parameter for e in lv.effects})} for lv in model.levers]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r['id']:<26} {r['sector']:<16} {r['kind']:<10} {r['title_fr']}")
    print(t("cli.levers_count", n=len(rows)))
    return 0


def _bench(args) -> int:
    from simulation.bench import run_benchmarks

    model = _model(args)
    figures = run_benchmarks(model, repeat=max(3, args.repeat))
    if args.json:
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}))
        return 0
    print(t("cli.bench_machine", cpu=platform.processor() or platform.machine(),
            cores=os.cpu_count(), python=platform.python_version()))
    for key, value in figures.items():
        print(f"  {key:<22} {t('cli.bench_median', value=f'{value:9.3f}')}")
    return 0
