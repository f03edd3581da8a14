"""Command groups of the ``atelier`` CLI (one module per group, see :mod:`simulation.cli`)."""
