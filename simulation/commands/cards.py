"""``atelier cards``: build the print-ready cards, and follow their values for authors.

- ``atelier cards build [--out DOSSIER] [--territory ID] [--scenario ID] [--strict]`` writes
  ``cards.csv``, ``cards.json``, ``cards.pdf``, ``posters-a3.pdf`` and
  ``climate-posters-a3.pdf`` atomically; it warns when the lock is stale or a card would
  print a past review date, and with ``--strict`` refuses to build instead (exit 1,
  nothing written);
- ``atelier cards diff`` lists the cards whose printed value would change compared with
  ``data/cards/values.lock.csv`` (old → new, % change, factors that moved);
- ``atelier cards lock`` rewrites the lock with the current values (``atelier snapshot``
  rewrites it together with the other files computed from the data).

The global ``--data DOSSIER`` option (or ``$ATELIER_DATA``) selects the data folder.
"""

from __future__ import annotations

import argparse
import sys

from simulation.exceptions import rel
from simulation.formatting import format_number
from simulation.texts import t


def register(subparsers) -> None:
    """Add the ``cards`` command group to the ``atelier`` parser."""
    p = subparsers.add_parser(
        "cards",
        help="cartes imprimables : construire, comparer au verrou, verrouiller",
        description="Cartes des ateliers (jeux GES, leviers, prospective, Été 2050) et affiches A3, "
                    "calculées depuis les mêmes facteurs que le tableau de bord.",
    )
    p.set_defaults(handler=lambda args: _help(p))
    sub = p.add_subparsers(dest="cards_command", metavar="ACTION")

    b = sub.add_parser("build", help="construire cards.csv, cards.json, cards.pdf, "
                                     "posters-a3.pdf, climate-posters-a3.pdf")
    b.add_argument("--out", metavar="DOSSIER", default=None,
                   help="dossier de sortie (défaut : build/cards)")
    b.add_argument("--territory", metavar="ID", default="france",
                   help="territoire (défaut : france)")
    b.add_argument("--scenario", metavar="ID", default=None,
                   help="scénario des cartes prospective et des affiches "
                        "(défaut : celui de data/cards/prospective.toml)")
    b.add_argument("--strict", action="store_true",
                   help="refuser de construire (code 1, rien n'est écrit) si le verrou n'est "
                        "pas à jour ou si une carte imprimerait une date de revue passée, au "
                        "lieu d'avertir")
    b.set_defaults(handler=cmd_build)

    d = sub.add_parser("diff", help="cartes dont la valeur imprimée changerait "
                                    "(par rapport à data/cards/values.lock.csv)")
    d.add_argument("--exit-code", action="store_true",
                   help="sortir avec le statut 1 si au moins une carte change")
    _context_options(d)
    d.set_defaults(handler=cmd_diff)

    k = sub.add_parser("lock", help="réécrire data/cards/values.lock.csv avec les valeurs "
                                    "actuelles")
    _context_options(k)
    k.set_defaults(handler=cmd_lock)


def _context_options(parser: argparse.ArgumentParser) -> None:
    """--territory / --scenario of diff and lock (use the same values for both)."""
    parser.add_argument("--territory", metavar="ID", default="france",
                        help="territoire du verrou (défaut : france ; le même pour lock et diff)")
    parser.add_argument("--scenario", metavar="ID", default=None,
                        help="scénario des cartes prospective (défaut : data/cards/"
                             "prospective.toml)")


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def cmd_build(args) -> int:
    """Build every output; print a summary."""
    from simulation.cards.build import build

    report = build(args.out, getattr(args, "data", None), args.territory, args.scenario,
                   strict=args.strict)
    for warning in report.warnings:
        print(t("cli.warning", warning=warning), file=sys.stderr)
    print(t("cli.build_done", cards=report.cards, card_pages=report.card_pages,
            poster_pages=report.poster_pages, out=rel(report.out),
            seconds=format_number(report.seconds)))
    print(t("cli.print_hint"))
    return 0


def _current_cards(args):
    from simulation.cards.model_decks import all_print_cards

    # the lock follows the cards and what the climate posters print
    return all_print_cards(getattr(args, "data", None), args.territory, args.scenario,
                           posters=True)


def cmd_diff(args) -> int:
    """Print the cards whose printed value would change."""
    from simulation.cards.lock import diff_cards, format_changes, lock_path, read_lock
    from simulation.checks import command_prefix
    from simulation.paths import data_dir

    folder = data_dir(getattr(args, "data", None))
    cmd = command_prefix(folder)
    path = lock_path(folder)
    locked = read_lock(path)
    if not locked:
        print(t("cli.no_lock", path=rel(path), cmd=cmd), file=sys.stderr)
    changes = diff_cards(_current_cards(args), locked)
    print(format_changes(changes))
    if changes:
        print()
        print(t("cli.diff_next", cmd=cmd))
    return 1 if (changes and args.exit_code) else 0


def cmd_lock(args) -> int:
    """Rewrite the lock file."""
    from simulation.cards.lock import lock_path, write_lock
    from simulation.paths import data_dir

    cards = _current_cards(args)
    path = write_lock(cards, lock_path(data_dir(getattr(args, "data", None))))
    print(t("cli.locked", n=len(cards), path=rel(path)))
    return 0
