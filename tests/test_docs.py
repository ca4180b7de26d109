"""The docs document every command, and their example outputs are real and current."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer

from mlsourcing.cli import app

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or "" for c in typer.main.get_command(app).commands.values())  # type: ignore[attr-defined]


def test_setup_commands_are_documented() -> None:
    assert "pip install . && mlsourcing rank" in README
    assert "pip install -e '.[test]' && pytest" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_reference_section_a_readme_line_and_help(command: str) -> None:
    assert f"### `mlsourcing {command}" in REFERENCE
    assert f"| `{command}" in README
    assert typer.main.get_command(app).commands[command].help  # type: ignore[attr-defined]


def test_examples_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_readme.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_relative_links_between_pages_resolve() -> None:
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text("utf-8")):
            assert (page.parent / target).is_file(), (page.name, target)


def test_the_data_licences_are_declared_and_noticed() -> None:
    import tomli

    project = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND ODbL-1.0"
    assert "data/open/NOTICE.md" in project["license-files"]
    notice = (ROOT / "data" / "open" / "NOTICE.md").read_text(encoding="utf-8")
    assert "https://creativecommons.org/licenses/by/4.0/" in notice and "Changes made" in notice
    assert "Open Database License 1.0" in notice and "NOTICE.md" in README
