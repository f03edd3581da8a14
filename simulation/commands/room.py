"""``atelier room list|export|purge``: the live rooms kept in the session folder."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from simulation.exceptions import AtelierError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``room`` command group."""
    parser = subparsers.add_parser(
        "room",
        help="salles en direct : lister, exporter les manches, effacer les anciennes",
        description="Les salles en direct ouvertes par « atelier serve --room » sont gardées "
        "dans le dossier des sessions. L'export (CSV ou JSON) donne chaque manche et, pour "
        "chaque équipe, ses leviers, son total 2050 et les votes, sans pseudonyme.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--state-dir", metavar="DOSSIER", default=None,
        help="dossier des sessions (défaut : celui de « atelier serve »)")
    sub = parser.add_subparsers(dest="room_command", metavar="SOUS-COMMANDE", required=True)
    listing = sub.add_parser("list", help="les salles, la plus récente d'abord",
                             parents=[common])
    listing.set_defaults(handler=_list)
    export = sub.add_parser("export", help="exporter les manches d'une salle (CSV ou JSON)",
                            parents=[common])
    export.add_argument("code", help="code de la salle, par exemple K7Q-M3X")
    export.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="format (défaut : csv)")
    export.add_argument("--out", metavar="FICHIER", default=None,
                        help="fichier à écrire (défaut : la sortie standard)")
    export.set_defaults(handler=_export)
    purge = sub.add_parser("purge", help="effacer les salles terminées ou expirées depuis "
                           "plus de N jours", parents=[common])
    purge.add_argument("--days", type=float, default=30.0,
                       help="ancienneté en jours (défaut : 30)")
    purge.set_defaults(handler=_purge)


def _store(args: argparse.Namespace):
    from simulation.live.store import DB_NAME, RoomStore
    from simulation.store import default_state_dir

    folder = Path(args.state_dir).expanduser() if args.state_dir else default_state_dir()
    if not (folder / DB_NAME).is_file():
        raise AtelierError(f"aucun dossier de sessions dans {folder} : indiquez celui de "
                           "« atelier serve » avec --state-dir")
    return RoomStore.in_folder(folder)


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return "—"
    return dt.datetime.fromtimestamp(timestamp).strftime("%d/%m/%Y %H:%M")


def _list(args: argparse.Namespace) -> int:
    import time

    rooms = _store(args).rooms()
    if not rooms:
        print("aucune salle")
        return 0
    now = time.time()
    print(f"{'code':8}  {'ouverte le':16}  {'état':9}  {'participants':>12}  {'manches':>7}")
    for room in rooms:
        state = ("terminée" if room.ended_at is not None
                 else "expirée" if now >= room.expires_at else "ouverte")
        print(f"{room.code:8}  {_when(room.created_at):16}  {state:9}  "
              f"{room.participants:>12}  {room.rounds:>7}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from simulation.live.export import export_csv, export_json

    store = _store(args)
    if args.format == "csv":
        text = export_csv(store, args.code)
    else:
        text = json.dumps(export_json(store, args.code), ensure_ascii=False, indent=1) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if not out.parent.is_dir():
        raise AtelierError(f"dossier inexistant : {out.parent}")
    # written atomically: a half-written export never replaces a good one
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"manches de la salle écrites dans {out}", file=sys.stderr)
    return 0


def _purge(args: argparse.Namespace) -> int:
    codes = _store(args).purge(args.days)
    print(f"{len(codes)} salle(s) effacée(s)" + (f" : {', '.join(codes)}" if codes else ""))
    return 0
