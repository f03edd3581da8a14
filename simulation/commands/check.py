"""``atelier check [DOSSIER]`` and ``atelier snapshot``: the author's check and the snapshot.

- ``atelier check [DOSSIER]`` validates the whole data folder (every file, every
  cross-reference, the units of the equations), says whether the snapshot is up to date and
  lists the factors and the cards whose review date has passed; exit 0 when all is well,
  1 with every problem and what to run next (see :mod:`simulation.checks`);
- ``atelier snapshot [--check]`` rewrites every file computed from the data (card lock,
  trajectories, generated pages; see :mod:`simulation.snapshot`), or with ``--check`` only
  says which are out of date (exit 1).

The global ``--data DOSSIER`` option (or ``$ATELIER_DATA``) selects the data folder.
"""

from __future__ import annotations

import datetime as dt
import sys

from simulation.exceptions import rel
from simulation.texts import t


def register(subparsers) -> None:
    """Add the ``check`` and ``snapshot`` commands to the ``atelier`` parser."""
    c = subparsers.add_parser(
        "check",
        help="tout vérifier : données, unités, instantané, dates de revue",
        description="Vérifie tout le dossier de données (fichiers, références croisées, unités "
                    "des équations), l'instantané (verrou des cartes, trajectoires, pages "
                    "générées) et les dates de revue des facteurs et des cartes.",
    )
    c.add_argument("directory", nargs="?", metavar="DOSSIER", default=None,
                   help="dossier de données (défaut : --data, $ATELIER_DATA ou data/)")
    _context_options(c)
    c.add_argument("--on", type=_iso_date, default=None, metavar="AAAA-MM-JJ",
                   help="date de référence des dates de revue (défaut : aujourd'hui)")
    c.set_defaults(handler=cmd_check)

    s = subparsers.add_parser(
        "snapshot",
        help="régénérer ce qui est calculé depuis les données (verrou, trajectoires, docs)",
        description="Réécrit le verrou des cartes, les trajectoires des scénarios et les pages "
                    "de documentation générées à partir du dossier de données.",
    )
    s.add_argument("--check", action="store_true",
                   help="ne rien écrire ; code 1 si un fichier est périmé")
    _context_options(s)
    s.set_defaults(handler=cmd_snapshot)


def _context_options(parser) -> None:
    parser.add_argument("--territory", metavar="ID", default="france",
                        help="territoire du verrou des cartes (défaut : france)")
    parser.add_argument("--scenario", metavar="ID", default=None,
                        help="scénario des cartes prospective (défaut : data/cards/"
                             "prospective.toml)")


def _iso_date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", text=text)) from None


def cmd_check(args) -> int:
    """Print the report of :func:`simulation.checks.check_folder`; 0 when all is well."""
    from simulation.checks import check_folder, format_report

    folder = args.directory if args.directory is not None else getattr(args, "data", None)
    report = check_folder(folder, args.territory, args.scenario, args.on)
    print(format_report(report), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def cmd_snapshot(args) -> int:
    """Rewrite (or with ``--check`` compare) every file of the snapshot."""
    from simulation import snapshot
    from simulation.checks import command_prefix
    from simulation.data import read_data
    from simulation.paths import data_dir

    folder = data_dir(getattr(args, "data", None))
    read_data(folder, check_units=True)  # nothing is computed from a folder with problems
    cmd = command_prefix(folder)
    if args.check:
        stale = snapshot.stale(folder, args.territory, args.scenario)
        for a in stale:
            print(t("cli.snapshot_stale", path=rel(a.path), what=a.what, cmd=cmd),
                  file=sys.stderr)
        if not stale:
            print(t("cli.snapshot_ok", folder=rel(folder)))
        return 1 if stale else 0
    written = snapshot.write(folder, args.territory, args.scenario)
    for a in written:
        print(t("cli.written_what", path=rel(a.path), what=a.what))
    if not written:
        print(t("cli.snapshot_nothing", folder=rel(folder)))
    else:
        print(t("cli.snapshot_commit"))
    return 0
