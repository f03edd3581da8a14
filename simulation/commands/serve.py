"""``atelier serve``: project the workshop dashboard (Voilà) for the room."""

from __future__ import annotations

import argparse

from simulation.ui.serve import DEFAULT_DASHBOARD, DEFAULT_PORT, ServeOptions, serve


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    parser = subparsers.add_parser(
        "serve",
        help="lancer le tableau de bord de l'atelier (Voilà)",
        description=(
            "Lance le tableau de bord dans Voilà (code masqué, sans traceback, noyaux "
            "préchauffés, sans internet). Avec --host 0.0.0.0, affiche l'adresse à donner "
            "à la salle."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface d'écoute (défaut : 127.0.0.1 ; 0.0.0.0 pour le réseau de la salle)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (défaut : {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="ne pas ouvrir le navigateur"
    )
    parser.add_argument(
        "--dashboard",
        metavar="NOM",
        default=DEFAULT_DASHBOARD,
        help=f"tableau de bord de dashboards/ à servir (défaut : {DEFAULT_DASHBOARD})",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    options = ServeOptions(
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
        dashboard=args.dashboard,
    )
    try:
        return serve(options, data=getattr(args, "data", None))
    except KeyboardInterrupt:
        return 0
