"""A profile may carry requirements: --profile applies them with its weights."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import crit, dataset_toml

Cli = Callable[..., Any]
Write = Callable[[str], Path]

DATA = dataset_toml(
    {"x": crit(), "y": crit("cost")},
    {
        "a": {"name": "A", "values": {"x": 10, "y": 5}},
        "b": {"name": "B", "values": {"x": 20, "y": 9}},
        "c": {"name": "C", "values": {"x": 30, "y": 1}},
    },
    '[requirements]\nx = ">= 5"\n'
    '[profiles.strict]\ndescription = "Wants a lot of x"\nweights = { x = 3 }\n'
    'requirements = { x = ">= 15", y = "< 9" }\n',
)


def test_a_profile_applies_its_requirements_with_its_weights(cli: Cli, write: Write) -> None:
    path = str(write(DATA))
    plain = json.loads(cli("rank", "-d", path, "-f", "json").stdout)
    assert [r["slug"] for r in plain["results"]] == ["c", "a", "b"]
    doc = json.loads(cli("rank", "-d", path, "--profile", "strict", "-f", "json").stdout)
    assert [r["slug"] for r in doc["results"]] == ["c"]  # x >= 15 replaces x >= 5; y < 9
    assert doc["requirements"] == ["x >= 15", "y < 9"]
    aside = {a["slug"]: a["reasons"] for a in doc["set_aside"]}
    assert aside == {"a": ["x 10 is below 15"], "b": ["y 9 is not below 9"]}
    # --require on a criterion replaces the profile's there; none drops them all
    loose = json.loads(cli("rank", "-d", path, "-p", "strict", "-r", "x>=1", "-f", "json").stdout)
    assert [r["slug"] for r in loose["results"]] == ["c", "a"]
    free = json.loads(cli("rank", "-d", path, "-p", "strict", "-r", "none", "-f", "json").stdout)
    assert len(free["results"]) == 3
    listed = json.loads(cli("profiles", "-d", path, "-f", "json").stdout)["profiles"][0]
    assert listed["requirements"] == ["x >= 15", "y < 9"]


def test_a_bad_profile_requirement_names_where_it_is(cli: Cli, write: Write) -> None:
    path = write(DATA.replace('y = "< 9"', 'z = "< 9"'))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "profiles.strict.requirements.z: unknown criterion 'z'" in result.stderr
