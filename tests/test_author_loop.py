"""The author's loop of docs/auteurs.md, run for real on a copy of the repository.

The test copies the repository (the files git knows, without ignored ones: no virtual
environment, no build output) to a temporary folder, changes the TGV factor as the guide's
section « Étape par étape : un facteur change » says, runs the ```sh commands of that section
in the copy (real processes, with the copy's code and data), then runs the copy's test suite,
which must be green. The commands run are read from the guide: if the guide changes, this
test runs the new commands (and checks the exit status each step expects).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.paths import PROJECT_DIR

GUIDE = PROJECT_DIR / "docs" / "auteurs.md"
SECTION = "## Étape par étape : un facteur change"
#: The commands of the section, in order, and the exit status each must give: the first
#: check reports the snapshot made stale by the new factor value (status 1), as the guide says.
EXPECTED = [
    ("atelier check", 1),
    ("atelier cards diff", 0),
    ("atelier snapshot", 0),
    ("atelier check", 0),
    ("atelier cards build", 0),
]
TIMEOUT = 600  # [s] per process


def guide_commands(text: str) -> list[str]:
    """The shell commands of the section's ```sh blocks, in order (comments removed)."""
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start:end if end >= 0 else len(text)]
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", section, flags=re.M | re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                commands.append(line)
    return commands


def test_guide_commands_are_parsed_from_the_sh_blocks():
    text = f"{SECTION}\n\n```sh\natelier check   # tout\n\n```\n\n```text\nnot run\n```\n" \
           "```sh\natelier snapshot\n```\n\n## Suite\n\n```sh\natelier other\n```\n"
    assert guide_commands(text) == ["atelier check", "atelier snapshot"]


def _copy_repository(dst: Path) -> None:
    git = shutil.which("git")
    assert git, "git is needed to list the files of the repository"
    listed = subprocess.run(
        [git, "-C", str(PROJECT_DIR), "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], capture_output=True, check=True, timeout=60).stdout
    names = [n for n in listed.decode("utf-8").split("\0") if n]
    assert "pyproject.toml" in names and "docs/auteurs.md" in names
    for name in names:
        src = PROJECT_DIR / name
        if src.is_file():  # a file deleted but not yet committed is skipped
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)


def _change_tgv(data: Path) -> None:
    """As the guide says: value, low, high, year, source, source_ref and review_by."""
    path = data / "emission_factors" / "mobilite.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    for i, line in enumerate(lines):
        if line.startswith("mob_ic_tgv,"):
            row = dict(zip(header, next(csv.reader([line])), strict=True))
            for column in ("value", "low", "high"):
                row[column] = f"{float(row[column]) * 3:.6g}"
            row["year"] = "2026"
            row["source"] = "Base Empreinte, édition d'essai (test de la boucle des auteurs)"
            row["source_ref"] = "test de la boucle des auteurs"
            row["review_by"] = (dt.date.today() + dt.timedelta(days=730)).isoformat()
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow([row[c] for c in header])
            lines[i] = out.getvalue()
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise AssertionError("mob_ic_tgv not in data/emission_factors/mobilite.csv")


def _run(argv: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)


def _tail(result: subprocess.CompletedProcess, n: int = 60) -> str:
    return "\n".join((result.stdout + "\n" + result.stderr).splitlines()[-n:])


@pytest.mark.slow
def test_author_loop_on_a_copy_of_the_repository(tmp_path):
    commands = guide_commands(GUIDE.read_text(encoding="utf-8"))
    assert commands == [c for c, _ in EXPECTED], (
        "docs/auteurs.md a changé : mettez à jour EXPECTED (commandes et codes de sortie)")

    repo = tmp_path / "repo"
    _copy_repository(repo)
    env = {k: v for k, v in os.environ.items() if k not in ("ATELIER_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = str(repo)  # the copy's code (and so its data/ folder) is used
    found = _run([sys.executable, "-c", "import simulation; print(simulation.__file__)"],
                 repo, env)
    assert Path(found.stdout.strip()).is_relative_to(repo), found.stdout + found.stderr

    _change_tgv(repo / "data")
    for command, status in EXPECTED:
        argv = [sys.executable, "-m", "simulation", *command.split()[1:]]
        result = _run(argv, repo, env)
        assert result.returncode == status, f"« {command} » :\n{_tail(result)}"
        assert "Traceback" not in result.stderr, f"« {command} » :\n{_tail(result)}"
        if command == "atelier check" and status == 1:
            # only the snapshot is stale: the data is valid and no review date has passed
            assert "données valides" in result.stderr, _tail(result)
            assert "revoyez" not in result.stderr, (
                "des facteurs de data/ ont une date de revue passée : la boucle ne peut finir "
                "au vert qu'une fois ces facteurs revus (« atelier check » les liste) :\n"
                + _tail(result, 12))
            assert "« atelier snapshot »" in result.stderr, _tail(result)
        if command == "atelier cards diff":
            assert "mob_ic_tgv" in result.stdout, _tail(result)
        if command == "atelier cards build":
            assert (repo / "build" / "cards" / "cards.pdf").is_file()
            assert "attention" not in result.stderr, _tail(result)

    suite = _run([sys.executable, "-m", "pytest", "-m", "not e2e and not slow", "-q",
                  "-p", "no:cacheprovider", "-x"], repo, env)
    assert suite.returncode == 0, f"la suite de tests de la copie échoue :\n{_tail(suite)}"
    assert re.search(r"\d+ passed", suite.stdout), _tail(suite)
