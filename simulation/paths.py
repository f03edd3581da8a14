"""Where the project's data lives.

The data folder is the single source of truth for every number. By default it is the
``data/`` folder of the source tree (the project is installed in editable mode, see the
README); the ``ATELIER_DATA`` environment variable or a ``--data`` option points elsewhere,
e.g. to a territory's fork of the data.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder to use.

    Parameters
    ----------
    override : path-like, optional
        Explicit folder; wins over ``ATELIER_DATA`` and the default.

    Returns
    -------
    pathlib.Path
        The folder holding ``emission_factors/``, ``territories/``, ``levers/``…
    """
    if override is not None:
        return Path(override)
    env = os.environ.get("ATELIER_DATA")
    if env:
        return Path(env)
    return PROJECT_DIR / "data"
