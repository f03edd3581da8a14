"""``atelier serve``: project the workshop dashboard (Voilà) for the room."""

from __future__ import annotations

import argparse

from simulation.ui.serve import (
    DEFAULT_CONNECT_TIMEOUT_S,
    DEFAULT_DASHBOARD,
    DEFAULT_GRACE_S,
    DEFAULT_MAX_KERNELS,
    DEFAULT_POOL_SIZE,
    DEFAULT_PORT,
    DEFAULT_ROOM_HOURS,
    ServeOptions,
    serve,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    parser = subparsers.add_parser(
        "serve",
        help="lancer le tableau de bord de l'atelier (Voilà)",
        description=(
            "Lance le tableau de bord dans Voilà (code masqué, sans traceback, noyaux "
            "préchauffés, sans internet). Avec --host 0.0.0.0, affiche l'adresse à donner "
            "à la salle. Chaque page ouverte a son propre calcul (un noyau Python, environ "
            "120 Mo) : une page fermée le libère, et au-delà de --max-kernels la page "
            "suivante annonce que la salle est pleine."
        ),
    )
    parser.add_argument(
        "--host",
        default=None,
        help="interface d'écoute (défaut : 127.0.0.1, ou 0.0.0.0 avec --room ; 0.0.0.0 pour "
        "le réseau de la salle)",
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
    limits = parser.add_argument_group("limites de la salle")
    limits.add_argument(
        "--max-kernels",
        metavar="N",
        type=int,
        default=DEFAULT_MAX_KERNELS,
        help="calculs (noyaux) ouverts en même temps au plus, préchauffés compris ; au-delà, "
        f"la page dit que la salle est pleine (défaut : {DEFAULT_MAX_KERNELS})",
    )
    limits.add_argument(
        "--pool-size",
        metavar="N",
        type=int,
        default=DEFAULT_POOL_SIZE,
        help="noyaux préchauffés, prêts pour les prochaines pages ; 0 pour aucun "
        f"(défaut : {DEFAULT_POOL_SIZE})",
    )
    limits.add_argument(
        "--grace",
        metavar="SECONDES",
        type=float,
        default=DEFAULT_GRACE_S,
        help="délai avant de libérer le calcul d'une page déconnectée (onglet tué, "
        f"téléphone en veille) (défaut : {DEFAULT_GRACE_S:g})",
    )
    limits.add_argument(
        "--connect-timeout",
        metavar="SECONDES",
        type=float,
        default=DEFAULT_CONNECT_TIMEOUT_S,
        help="délai avant de libérer le calcul d'une page servie qui ne s'est jamais "
        f"connectée (défaut : {DEFAULT_CONNECT_TIMEOUT_S:g})",
    )
    parser.add_argument(
        "--state-dir",
        metavar="DOSSIER",
        default=None,
        help="dossier où les sessions sont enregistrées (défaut : "
        "$XDG_DATA_HOME/atelier-transition, sinon ~/.local/share/atelier-transition)",
    )
    room = parser.add_argument_group("salle en direct (les participants jouent depuis leur téléphone)")
    room.add_argument(
        "--room",
        action="store_true",
        help="ouvrir une salle en direct : l'écran projeté affiche un QR code, chaque "
        "téléphone rejoint la salle avec son code, choisit une équipe et joue ses leviers ; "
        "reprend la dernière salle encore ouverte du dossier des sessions",
    )
    room.add_argument(
        "--new-room",
        action="store_true",
        help="avec --room : ouvrir une nouvelle salle même si la précédente est encore ouverte",
    )
    room.add_argument(
        "--room-hours",
        metavar="HEURES",
        type=float,
        default=DEFAULT_ROOM_HOURS,
        help=f"durée d'ouverture de la salle (défaut : {DEFAULT_ROOM_HOURS:g} h ; ensuite "
        "elle refuse tout changement mais reste exportable)",
    )
    room.add_argument(
        "--room-teams",
        metavar="N",
        type=int,
        default=4,
        help="nombre d'équipes de la salle, de 1 à 4 (défaut : 4)",
    )
    # for the end-to-end tests only: Voilà shows the errors of the notebook's cells
    parser.add_argument("--show-tracebacks", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    room = args.room or args.new_room
    options = ServeOptions(
        host=args.host or ("0.0.0.0" if room else "127.0.0.1"),
        port=args.port,
        open_browser=not args.no_browser,
        dashboard=args.dashboard,
        show_tracebacks=args.show_tracebacks,
        pool_size=args.pool_size,
        max_kernels=args.max_kernels,
        grace_s=args.grace,
        connect_timeout_s=args.connect_timeout,
        state_dir=args.state_dir,
        room=room,
        room_hours=args.room_hours,
        room_teams=args.room_teams,
        new_room=args.new_room,
    )
    try:
        return serve(options, data=getattr(args, "data", None))
    except KeyboardInterrupt:
        return 0
