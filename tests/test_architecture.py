"""The shape the code keeps: one format table, one environment, one error boundary,
a library that does not speak the command line's language."""

from __future__ import annotations

import ast
import gc
import importlib
import io
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mlsourcing import render
from mlsourcing.cli import app
from mlsourcing.data import dataset
from mlsourcing.data.schema import keys_at
from mlsourcing.errors import InputError
from mlsourcing.mcda import scoring
from mlsourcing.render.env import Environment
from mlsourcing.views import rankings
from mlsourcing.vocab import Format
from mlsourcing.weights import specs

from conftest import ROOT, THREE, crit, dataset_toml

SRC = ROOT / "src" / "mlsourcing"
INTERFACE = ("cli", "render", "tui")  # the front ends: only they speak to a person
FRONT_END_LIBRARIES = ("typer", "click", "rich", "textual")
# Each package may import only from its own layer and the layers below it.
LAYERS = [
    {"vocab", "errors", "numbers", "files", "parallel", "__init__"},
    {"data"},
    {"weights"},
    {"mcda"},
    {"analysis"},
    {"views"},
    {"render"},
    {"tui", "cli", "__main__"},
]
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]


def modules() -> dict[str, ast.Module]:
    """Every module of the package by dotted name, parsed."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(("mlsourcing", *parts)).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


MODULES = modules()


def type_only(tree: ast.Module) -> set[int]:
    """The ids of the nodes under ``if TYPE_CHECKING:``: imports for annotations only,
    which never run (a package may name a type from a layer above it this way)."""
    return {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for stmt in block.body
        for node in ast.walk(stmt)
    }


def imports_of(name: str, tree: ast.Module) -> set[str]:
    """The modules ``tree`` imports when it runs (inside functions too), absolute."""
    out: set[str] = set()
    skipped = type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            out.add(node.module)
            # "from mlsourcing.data import dataset" imports mlsourcing.data.dataset
            out.update(
                f"{node.module}.{a.name}"
                for a in node.names
                if f"{node.module}.{a.name}" in MODULES
            )
    return out


def area(module: str) -> str:
    """The package (or top-level module) a mlsourcing module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer(module: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if area(module) in names)


def is_library(module: str) -> bool:
    return area(module) not in (*INTERFACE, "__main__")


def test_no_module_is_longer_than_450_lines() -> None:
    for path in SRC.rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, path


def test_no_function_body_is_longer_than_60_lines() -> None:
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                documented = isinstance(body[0], ast.Expr) and isinstance(
                    body[0].value, ast.Constant
                )
                start = body[1].lineno if documented and len(body) > 1 else body[0].lineno
                assert (node.end_lineno or 0) - start + 1 <= 60, (name, node.name)


def test_the_scoring_options_are_declared_once() -> None:
    """Every command that scores takes the same options, from one declaration."""
    full = ["rank", "show", "compare", "sensitivity", "report"]
    shared = {"--weights", "--profile", "--data", "--method", "--missing", "--stakeholders"}
    shared |= {"--aggregate", "--require"}
    for name in full:
        opts = {o for p in COMMANDS[name].params for o in getattr(p, "opts", [])}
        assert shared <= opts, (name, shared - opts)
    text = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "cli").glob("*.py"))
    assert text.count('typer.Option(\n        "--weights"') == 1
    assert text.count("weights: Weights") == 0 and text.count("method: MethodOpt") == 0


def test_every_module_has_a_layer_and_no_folder_is_crowded() -> None:
    for name in MODULES:
        layer(name)  # StopIteration: a package the layers do not know
    top = [p for p in SRC.glob("*.py")]
    assert len(top) <= 6, sorted(p.name for p in top)
    for folder in [p for p in SRC.rglob("*") if p.is_dir() and p.name != "__pycache__"]:
        assert len(list(folder.glob("*.py"))) <= 12, folder


@pytest.mark.parametrize("name", sorted(n for n in MODULES if is_library(n)))
def test_the_library_never_reaches_up_nor_names_an_option(name: str) -> None:
    tree = MODULES[name]
    for imported in imports_of(name, tree):
        root = imported.split(".")[0]
        assert root not in FRONT_END_LIBRARIES, (name, imported)
        if root == "mlsourcing" and imported != "mlsourcing":
            assert not is_library(name) or is_library(imported), (name, imported)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not re.search(r"(^|[\s'\"(])--[a-z]", node.value), (name, node.value)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_one_way_down_the_layers(name: str) -> None:
    for imported in imports_of(name, MODULES[name]):
        if imported.startswith("mlsourcing.") and imported in MODULES:
            assert layer(imported) <= layer(name), (name, imported)


def test_the_import_graph_has_no_circle() -> None:
    graph = {
        name: {i for i in imports_of(name, tree) if i in MODULES and i != name}
        for name, tree in MODULES.items()
    }
    # a package's __init__ is imported with each of its modules: leave those edges out
    graph = {n: {i for i in deps if not n.startswith(i + ".")} for n, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            assert state.get(nxt) != 1, " -> ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def test_library_errors_name_their_subject_and_the_cli_names_the_option(
    write: object, tmp_path: Path
) -> None:
    ds = dataset.loads(THREE)
    with pytest.raises(InputError) as info:
        scoring.rank(ds, {"speed": 0, "cost": 0})
    assert (info.value.subject, info.value.message) == (
        "weights",
        "every weight is 0; give at least one criterion a positive weight",
    )
    with pytest.raises(InputError) as info:
        specs.resolve(ds, [], "fast")
    assert info.value.subject == "profile" and "--" not in str(info.value)
    path = tmp_path / "three.toml"
    path.write_text(THREE, encoding="utf-8")
    result = CliRunner().invoke(app, ["rank", "-d", str(path), "-w", "speed=0,cost=0"])
    assert result.exit_code == 2
    assert result.stderr == (
        "mlsourcing: error: --weights: every weight is 0; "
        "give at least one criterion a positive weight\n"
    )


@pytest.mark.parametrize("command", render.ALL)
def test_every_format_in_the_table_has_its_writer_and_option(command: str) -> None:
    listed = render.formats(command)
    assert listed[0] is Format.table
    for fmt in listed:
        assert callable(render.writer(command, fmt))
    for fmt in set(Format) - set(listed):
        with pytest.raises(KeyError):
            render.writer(command, fmt)
    option = next(p for p in COMMANDS[command].params if p.name == "fmt")
    assert option.metavar == "|".join(f.value for f in listed)


def test_an_unwritten_format_is_a_usage_error_listing_the_choices(cli: object) -> None:
    result = CliRunner().invoke(app, ["show", "poland", "-f", "csv"])
    assert result.exit_code == 2
    assert "'csv' is not one of table, json" in result.stderr


def run(env: Environment, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), obj=env)
    assert result.exit_code == 0, result.stderr
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def test_the_environment_decides_terminal_colour_and_width() -> None:
    # a swapped environment: a terminal 80 columns wide, without a pseudo-terminal
    coloured = run(Environment(io.StringIO(), io.StringIO(), True, False, True, 80), "rank")
    assert "\x1b[" in coloured
    plain = run(Environment(io.StringIO(), io.StringIO(), True, False, False, 80), "rank")
    assert "\x1b[" not in plain and "Ukraine" in plain
    prose = ("n/a = missing", "Add --explain")  # left for the terminal to wrap
    table = [line for line in plain.splitlines() if not line.startswith(prose)]
    assert len(table) > 5 and max(len(line) for line in table) <= 80
    wide = run(Environment(io.StringIO(), io.StringIO(), True, False, False, 200), "rank")
    assert "Weights: talent (Talent pool) 25%, local_firms (Local firms) 25%" in wide


def test_machine_output_goes_through_the_environment() -> None:
    out = run(Environment(io.StringIO(), io.StringIO()), "rank", "-f", "csv", "-n", "1")
    assert (
        out
        == "rank,slug,name,score,talent,local_firms,big_tech,community,talent_low,talent_high\n"
        + ("1,ukraine,Ukraine,88.545454545,2980,5,1,5,2980,3500\n")
    )


def test_writers_read_views_not_the_dataset() -> None:
    ds = dataset.loads(THREE)
    view = rankings.ranking_view(ds, scoring.rank(ds), explain=True, top=2)
    assert view.total == 3 and [r.slug for r in view.results] == ["c", "b"]
    csv_writer = importlib.import_module("mlsourcing.render.csv")
    assert csv_writer.rank(view).splitlines()[1] == "1,c,Gamma,75,30,100,75,0"


def test_compare_gaps_are_decided_in_the_core() -> None:
    ds = dataset.loads(THREE)
    chosen, gaps = scoring.compare(scoring.rank(ds), ["a", "c"])
    assert [r.slug for r in chosen] == ["c", "a"]
    (gap,) = gaps
    assert (gap.ahead.slug, gap.behind.slug, gap.score_gap, gap.additive) == ("c", "a", 50, True)
    assert gap.by_criterion == {"speed": 75, "cost": -25}


def test_loading_leaves_the_garbage_collector_as_it_was() -> None:
    assert gc.isenabled()
    dataset.loads(THREE)
    assert gc.isenabled()


def test_the_schema_is_read_from_the_table_classes() -> None:
    assert keys_at(["criteria", "speed"]) == [
        "label",
        "direction",
        "weight",
        "description",
        "unit",
        "min",
        "max",
        "scale",
        "pool",
        "as_of",
    ]
    assert keys_at(["destinations", "a", "evidence", "speed"]) == ["source", "note"]
    assert keys_at(["criteria"]) == []
    text = dataset_toml({"x": crit(weight=2)}, {"a": {"name": "A", "values": {"x": 1}}})
    ds = dataset.loads(text)
    assert ds.criteria["x"].weight == 2 and ds.destinations["a"].evidence == {}
    assert ds.destinations["a"].evidence is not dataset.loads(text).destinations["a"].evidence
