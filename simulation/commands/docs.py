"""``atelier docs``: regenerate the documentation pages computed from ``data/``.

Pages are registered in :mod:`simulation.docsgen` (``docs/facteurs.md`` first). Each file is
written atomically and only when its text changed. ``--check`` writes nothing and exits 1
when a page is stale (for CI or a pre-commit hook).
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulation import docsgen
from simulation.paths import PROJECT_DIR
from simulation.texts import t


def register(subparsers) -> None:
    """Add the ``docs`` command to the ``atelier`` parser."""
    p = subparsers.add_parser(
        "docs",
        help="régénérer la documentation calculée depuis data/ (docs/facteurs.md…)",
        description="Régénère les pages de documentation calculées depuis les données.",
    )
    p.add_argument("--root", default=None, metavar="DOSSIER",
                   help="racine où écrire les pages (défaut : le projet)")
    p.add_argument("--check", action="store_true",
                   help="ne rien écrire ; code 1 si une page est périmée")
    p.set_defaults(handler=cmd_docs)


def cmd_docs(args) -> int:
    """Write (or with ``--check`` verify) every generated page."""
    root = Path(args.root) if args.root else PROJECT_DIR
    data = getattr(args, "data", None)
    if args.check:
        stale = docsgen.stale_pages(root, data)
        if stale:
            for rel in stale:
                print(t("cli.docs_stale", path=rel), file=sys.stderr)
            return 1
        print(t("cli.docs_ok", n=len(docsgen.PAGES)))
        return 0
    written = docsgen.write_pages(root, data)
    for rel in written:
        print(t("cli.written", path=rel))
    if not written:
        print(t("cli.docs_nothing"))
    return 0
