"""Binder installs ``binder/requirements.txt`` then the project with ``--no-deps``: every
dependency of the project must be pinned there, or the public page breaks on Binder only."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_every_dependency_of_the_project_is_pinned_for_binder():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert "==" in line, f"binder/requirements.txt: « {line} » is not pinned"
            pins[_name(line)] = line
    missing = [dep for dep in project["dependencies"] if _name(dep) not in pins]
    assert missing == [], "add to binder/requirements.txt, first block: " + ", ".join(missing)
