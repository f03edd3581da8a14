"""The ``atelier`` command.

Each command group lives in its own module under :mod:`simulation.commands` and exposes
``register(subparsers)``, which adds its sub-parser and sets ``handler`` (a function taking
the parsed arguments and returning an exit status). Errors caused by the user
(:class:`~simulation.exceptions.AtelierError`) are printed without a traceback and give
exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from simulation import __version__
from simulation.exceptions import AtelierError
from simulation.texts import t

#: Command modules, in the order their groups appear in ``atelier --help``.
COMMAND_MODULES = (
    "simulation.commands.check",
    "simulation.commands.factors",
    "simulation.commands.docs",
    "simulation.commands.model",
    "simulation.commands.cards",
    "simulation.commands.serve",
    "simulation.commands.room",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="atelier",
        description="Simulation des émissions de GES pour les ateliers climat.",
    )
    parser.add_argument("--version", action="version", version=f"atelier {__version__}")
    parser.add_argument(
        "--data",
        metavar="DOSSIER",
        default=None,
        help="dossier de données à utiliser (défaut : data/ du projet, ou $ATELIER_DATA)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except AtelierError as exc:
        print(t("cli.error", error=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
