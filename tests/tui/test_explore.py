"""The explorer (issue 13, in part): headless with Textual's pilot (keys in,
ranking out), a screen snapshot at 80x24, and the real thing in tmux."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from mlsourcing.data import dataset
from mlsourcing.errors import InputError
from mlsourcing.numbers import human_number, human_percent
from mlsourcing.tui.explore import Explorer

from conftest import TESTS, crit, dataset_toml

Cli = Callable[..., Any]
SNAPSHOT = TESTS / "snapshots" / "explore_80x24.txt"


def explorer(data: str | None = None) -> Explorer:
    ds = dataset.load(data)
    return Explorer(ds, data, {k: c.weight for k, c in ds.criteria.items()})


def screen_text(app: Explorer) -> str:
    """The screen's text, read from Textual's own SVG screenshot."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text[^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(y), []).append((float(x), text))
    lines = ["".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items())]
    text = "\n".join(line.replace("&#160;", " ").rstrip() for line in lines)
    return re.sub(
        r"&[a-z#0-9]+;", lambda m: {"&amp;": "&", "&lt;": "<", "&gt;": ">"}.get(m[0], "?"), text
    )


PANELS: dict[int, str] = {}  # the side panel's head of each app run, by id


def settings(app: Explorer) -> str:
    """The head of the side panel (method, policy, profile, weights), as one line."""
    return " ".join(str(app.query_one("#weights", Static).content).split())


def run(app: Explorer, keys: list[str]) -> tuple[Explorer, str]:
    async def drive() -> str:
        async with app.run_test(size=(80, 24)) as pilot:
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            PANELS[id(app)] = settings(app)
            return screen_text(app)

    return app, asyncio.run(drive())


def test_keys_move_weights_and_the_ranking_follows(cli: Cli) -> None:
    app, _ = run(explorer(), [])
    assert app.ranking is not None and app.ranking.results[0].name == "Ukraine"
    app, screen = run(explorer(), ["plus"] * 10)  # talent, selected first, from 1 to 6
    assert app.weights["talent"] == 6
    assert app.ranking is not None and app.ranking.results[0].name == "Poland"
    command = app.command()
    assert command == "mlsourcing rank --weights talent=6,local_firms=1,big_tech=1,community=1"
    # the printed command ranks exactly as the screen did
    doc = json.loads(cli(*command.split()[1:], "-f", "json").stdout)
    assert [r["slug"] for r in doc["results"]] == [r.slug for r in app.ranking.results]
    first_row = next(line for line in screen.splitlines() if line.startswith(" 1 "))
    assert "Poland" in first_row


def test_method_profile_policy_and_reset() -> None:
    app, _ = run(explorer(), ["m", "x"])
    assert app.method == "topsis" and app.missing == "median"
    assert "Method: TOPSIS · missing median" in PANELS[id(app)]
    assert app.command().endswith("--method topsis --missing median")
    app, _ = run(explorer(), ["p"])
    first = next(iter(dataset.load().profiles))
    assert app.profile == first
    assert app.weights["talent"] == dataset.load().profiles[first].weights.get("talent", 1.0)
    app, _ = run(explorer(), ["right_square_bracket", "minus", "minus", "0"])
    assert app.weights == {k: 1.0 for k in app.keys}


def test_m_skips_a_method_that_cannot_score_the_dataset() -> None:
    """The open dataset has hours_from_cet = 0, which the weighted product cannot take."""
    app, _ = run(explorer("open"), ["m", "m"])
    assert app.method == "vikor"  # wsm -> topsis -> (wpm skipped) vikor
    assert "Method: VIKOR · missing worst" in PANELS[id(app)]
    assert app.command().endswith("--method vikor")


def test_no_weight_can_leave_nothing_to_rank_by() -> None:
    ds = dataset.loads(
        '[criteria.x]\nlabel = "X"\ndirection = "benefit"\n[destinations.a]\nname = "A"\n'
        "values = { x = 1 }\n"
    )
    app = Explorer(ds, None, {"x": 1.0})
    app, _ = run(app, ["minus", "minus", "minus"])
    assert app.weights["x"] == 0.5  # stopped before 0


def test_every_key_is_on_the_80x24_screen_and_it_matches_the_snapshot() -> None:
    _, screen = run(explorer(), [])
    footer = screen.splitlines()[-1]
    for key, word in (
        ("[", "prev"),
        ("]", "next"),
        ("+", "more"),
        ("-", "less"),
        ("m", "meth"),
        ("p", "prof"),
        ("x", "miss"),
        ("0", "reset"),
        ("c", "cmd"),
        ("q", "quit"),
    ):
        assert f"{key} {word}" in footer, (key, footer)
    if not SNAPSHOT.exists():  # first run writes it; it is checked in
        SNAPSHOT.write_text(screen + "\n", encoding="utf-8")
    assert screen + "\n" == SNAPSHOT.read_text(encoding="utf-8")


def test_explore_needs_a_terminal(cli: Cli) -> None:
    result = cli("explore")
    assert result.exit_code == 2 and "needs a terminal" in result.stderr


@pytest.mark.skipif(shutil.which("tmux") is None, reason=".ci/run installs tmux")
def capture(session: str) -> str:
    """What the tmux session's screen shows now."""
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def test_in_tmux_at_80x24() -> None:
    session = f"mls{time.monotonic_ns()}"
    script = f"'{sys.executable}' -m mlsourcing explore; echo done; sleep 10"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", script], check=True
    )
    try:
        deadline = time.monotonic() + 30
        screen = ""
        while time.monotonic() < deadline and "q quit" not in screen:
            time.sleep(0.3)
            screen = capture(session)
        assert "Ukraine" in screen and "q quit" in screen
        for _ in range(10):
            subprocess.run(["tmux", "send-keys", "-t", session, "+"], check=True)
        time.sleep(1)
        after = capture(session)
        assert re.search(r"1\s+Poland", after)
        subprocess.run(["tmux", "send-keys", "-t", session, "c"], check=True)
        deadline = time.monotonic() + 15
        final = ""
        while time.monotonic() < deadline and "done" not in final:
            time.sleep(0.3)
            final = capture(session)
        printed = [line for line in final.splitlines() if line.startswith("mlsourcing rank")]
        assert printed == [
            "mlsourcing rank --weights talent=6,local_firms=1,big_tech=1,community=1"
        ]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_the_open_dataset_in_the_explorer() -> None:
    app, screen = run(explorer("open"), ["p"])  # its first profile
    assert app.ranking is not None and len(app.ranking.results) == 101
    assert app.profile == "eu_buyer" and "Profile: eu_buyer" in PANELS[id(app)]
    assert app.ranking.results[0].name in screen  # the leader of 101, on the first screen


def test_thirteen_weights_read_down_a_column_at_80_columns() -> None:
    app, screen = run(explorer("open"), ["p"])  # eu_buyer: weights 0, 1 and 2
    lines = screen.splitlines()
    for key in app.keys:  # each criterion's weight and share on its own line, aligned
        line = next(x for x in lines if f" {key} " in x)
        given = human_number(app.weights[key])
        share = human_percent(app.ranking.weights[key]) if app.ranking else ""
        assert re.search(rf" {key} +{re.escape(given)} +{re.escape(share)}", line), line
    starts = {next(x for x in lines if f" {k} " in x).index(f" {k} ") for k in app.keys}
    assert len(starts) == 1

    async def sideways() -> tuple[int, int]:  # the names keep their room, and no bar
        found = explorer("open")  # pushes the ranking past its pane
        async with found.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            table = found.query_one("#ranking", DataTable)
            return table.max_scroll_x, table.size.width

    scroll, width = asyncio.run(sideways())
    assert scroll == 0 and width < 48


def test_ranges_and_requirements_are_on_the_screen() -> None:
    from mlsourcing.data import requirements

    ds = dataset.load()
    ds = requirements.apply(ds, [requirements.parse("talent>=3000", ds.criteria)])
    app = Explorer(ds, None, {k: 1.0 for k in ds.criteria}, require=["talent>=3000"])
    app, screen = run(app, [])
    screen = re.sub("[▁▂▃▄▅▆▇]", "", screen)  # the side panel's scrollbar, where it cuts in
    flat = " ".join(screen.replace("│", " ").split())
    assert app.ranking is not None and [r.slug for r in app.ranking.results] == [
        "romania",
        "poland",
    ]
    assert "Talent pool: 3,000 (2,700-3,000)" in flat
    assert "Set aside by talent >= 3000: Ukraine, Belarus." in flat


def test_the_settings_are_whole_at_80_columns_with_the_longest_method_and_a_profile() -> None:
    ds = dataset.load("open")
    weights = {k: c.weight for k, c in ds.criteria.items()}
    weights.update(ds.profiles["eu_buyer"].weights)
    app = Explorer(ds, "open", weights, profile="eu_buyer")
    app, screen = run(app, ["m", "m", "m", "x"])  # wsm, topsis, (wpm skipped) vikor, promethee
    assert app.method == "promethee"
    flat = PANELS[id(app)]
    assert "Method: PROMETHEE II · missing median" in flat and "Profile: eu_buyer" in flat
    assert "…" not in screen


def test_reset_goes_back_to_the_profile_it_began_with(cli: Cli) -> None:
    app, _ = run(explorer(), ["p", "0"])
    assert app.profile is None and "Profile: none" in PANELS[id(app)]
    assert app.weights == app.start


def test_the_score_bars_take_the_width_the_pane_has() -> None:
    app = explorer()

    async def drive() -> list[int]:
        async with app.run_test(size=(200, 30)) as pilot:
            await pilot.pause()
            table = app.query_one("#ranking", DataTable)
            return [len(str(table.get_row_at(i)[3])) for i in range(table.row_count)]

    widths = asyncio.run(drive())
    assert widths and min(widths) >= 90  # of a 120-cell pane, not 8


HOSTILE = dataset_toml(
    {"x": crit(), "y": crit("cost")},
    {
        "a": {
            "name": "[/]oops",
            "values": {"x": 3, "y": 1},
            "evidence": {"x": {"source": "s", "note": "Counted twice [sic] per [1]"}},
        },
        "b": {"name": "[bold]x[/bold]", "values": {"x": 1, "y": 2}},
    },
    '[sources.s]\ntitle = "A source"\n',
)


def test_names_and_evidence_are_text_not_markup(write: Callable[[str], Any]) -> None:
    path = str(write(HOSTILE))
    _, screen = run(explorer(path), [])
    assert "[/]oops" in screen and "[bold]x[/bold]" in screen
    assert "Counted twice [sic] per [1]" in screen


def test_a_mistake_is_one_line_before_the_screen_opens(cli: Cli) -> None:
    result = cli("explore", "--data", "open", "-m", "wpm")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("mlsourcing: error: --method: wpm multiplies ratios")
    assert len(result.stderr.splitlines()) == 1


def test_an_error_inside_the_explorer_ends_it_and_is_raised_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = explorer()
    error = InputError("missing", "no such policy")

    async def drive() -> None:
        async with app.run_test(size=(80, 24)):
            app._handle_exception(error)  # what Textual calls with an unhandled error

    asyncio.run(drive())
    assert app.failure is error and app.return_code == 1
    monkeypatch.setattr(Explorer, "run", lambda self: None)
    with pytest.raises(InputError, match="no such policy"):
        app.explore()
