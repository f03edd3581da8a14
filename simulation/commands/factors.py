"""``atelier factors``: check, list and review the emission-factor base.

- ``atelier factors check [DOSSIER]`` validates every CSV (exit 0), or lists every problem
  as ``path:line: column: problem`` on stderr (exit 1);
- ``atelier factors list [--sector S] [--format table|csv|json]`` prints the factors;
- ``atelier factors due [--on AAAA-MM-JJ]`` lists the factors whose review date has passed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

from simulation.exceptions import AtelierError, FactorFileError, Problem, rel
from simulation.factors import Factor, default_directory, factor_files, read_factors
from simulation.paths import data_dir
from simulation.texts import t

LIST_FIELDS = (
    "id", "sector", "group", "label_fr", "label_en", "value", "low", "high", "canonical_unit",
    "unit", "year", "source", "source_ref", "review_by", "path", "line",
)


def register(subparsers) -> None:
    """Add the ``factors`` command group to the ``atelier`` parser."""
    p = subparsers.add_parser(
        "factors",
        help="facteurs d'émission : vérifier, lister, dates de revue",
        description="Base de facteurs d'émission (data/emission_factors/*.csv).",
    )
    p.set_defaults(handler=lambda args: _help(p))
    sub = p.add_subparsers(dest="factors_command", metavar="ACTION")

    c = sub.add_parser("check", help="valider les fichiers CSV de facteurs")
    c.add_argument("directory", nargs="?", metavar="DOSSIER", default=None,
                   help="dossier de CSV (défaut : data/emission_factors)")
    c.set_defaults(handler=cmd_check)

    ls = sub.add_parser("list", help="lister les facteurs (unité canonique)")
    ls.add_argument("--sector", default=None, help="un seul secteur (id de data/model/sectors.csv)")
    ls.add_argument("--format", choices=("table", "csv", "json"), default="table",
                    dest="fmt", help="format de sortie (défaut : table)")
    ls.set_defaults(handler=cmd_list)

    d = sub.add_parser("due", help="facteurs dont la date de revue est passée")
    d.add_argument("--on", type=_iso_date, default=None, metavar="AAAA-MM-JJ",
                   help="date de référence (défaut : aujourd'hui)")
    d.set_defaults(handler=cmd_due)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", text=text)) from None


def _directory(args) -> Path:
    explicit = getattr(args, "directory", None)
    if explicit:
        return Path(explicit)
    return default_directory(getattr(args, "data", None))


def _vocabulary(folder: Path, args):
    """The vocabulary of the data folder holding ``folder`` (or of ``--data`` / default)."""
    from simulation.vocabulary import MODEL_SUBDIR, read_vocabulary

    model_dir = folder.parent / MODEL_SUBDIR
    if not model_dir.is_dir():
        model_dir = data_dir(getattr(args, "data", None)) / MODEL_SUBDIR
    problems: list[Problem] = []
    vocabulary = read_vocabulary(model_dir, problems)
    return vocabulary, problems


def cmd_check(args) -> int:
    """Validate the factor CSVs (and their use by the model); print a summary (exit 0) or
    every problem (exit 1)."""
    from simulation.data import check_factor_roles

    folder = _directory(args)
    vocabulary, problems = _vocabulary(folder, args)
    try:
        fb = read_factors(folder, tuple(vocabulary.sectors) or None)
    except FactorFileError as exc:
        problems.extend(exc.problems)
    else:
        check_factor_roles(vocabulary, fb, problems)
    if problems:
        print(str(FactorFileError(problems)), file=sys.stderr)
        print(t("cli.factors_fix"), file=sys.stderr)
        return 1
    n_files = len(factor_files(folder))
    sectors = sorted({f.sector for f in fb})
    print(t("cli.factors_ok_one" if n_files == 1 else "cli.factors_ok_many", n=len(fb),
            files=n_files, folder=rel(folder), sectors=", ".join(sectors)))
    return 0


def _rows(args) -> list[Factor]:
    fb = read_factors(_directory(args))
    factors = list(fb)
    if args.sector:
        sectors = sorted({f.sector for f in factors})
        if args.sector not in sectors:
            raise AtelierError(t("cli.unknown_sector", sector=args.sector,
                                 sectors=", ".join(sectors)))
        factors = [f for f in factors if f.sector == args.sector]
    return factors


def _record(f: Factor) -> dict[str, object]:
    rec = {name: getattr(f, name) for name in LIST_FIELDS}
    rec["review_by"] = f.review_by.isoformat()
    return rec


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args) -> int:
    """Print the factors (optionally one sector) as a table, CSV or JSON."""
    factors = _rows(args)
    out = sys.stdout
    if args.fmt == "json":
        json.dump([_record(f) for f in factors], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.fmt == "csv":
        w = csv.DictWriter(out, fieldnames=LIST_FIELDS, lineterminator="\n")
        w.writeheader()
        for f in factors:
            w.writerow(_record(f))
    else:
        id_w = max((len(f.id) for f in factors), default=2)
        head = (f"{t('cli.col_id'):<{id_w}}  {t('cli.col_value'):>11}  {t('cli.col_low'):>11}  "
                f"{t('cli.col_high'):>11}  {t('cli.col_unit'):<24}  {t('cli.col_label')}")
        print(head)
        print("-" * len(head))
        for f in factors:
            print(f"{f.id:<{id_w}}  {f.value:>11.6g}  {f.low:>11.6g}  {f.high:>11.6g}  "
                  f"{f.canonical_unit:<24}  {_truncate(f.label_fr, 60)}")
        print(t("cli.factors_count", n=len(factors)))
    return 0


def cmd_due(args) -> int:
    """List the factors whose ``review_by`` date is on or before ``--on`` (default today)."""
    on = args.on or dt.date.today()
    fb = read_factors(_directory(args))
    due = fb.due(on)
    if not due:
        print(t("cli.factors_none_due", date=on.isoformat()))
        return 0
    print(t("cli.factors_due", n=len(due), date=on.isoformat()))
    id_w = max(len(f.id) for f in due)
    for f in due:
        print(f"{f.review_by.isoformat()}  {f.id:<{id_w}}  {f.path}:{f.line}  "
              f"{_truncate(f.source, 70)}")
    return 0
