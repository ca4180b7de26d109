"""The HTML report (issue 13, in part): self-contained, escaped, complete."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import crit, dataset_toml

Cli = Callable[..., Any]
Write = Callable[[str | bytes], Path]


class Resources(HTMLParser):
    """Every resource a page would load (src, link href, CSS url()) and its charts."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.svgs = 0
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "svg":
            self.svgs += 1
        if tag == "script":
            self.scripts += 1
        if values.get("src"):
            self.loads.append(str(values["src"]))
        if tag == "link" and values.get("href"):
            self.loads.append(str(values["href"]))


def report(cli: Cli, tmp_path: Path, *args: str) -> str:
    tmp_path.mkdir(exist_ok=True)
    out = tmp_path / "report.html"
    result = cli("report", "-o", str(out), "--samples", "300", *args)
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_the_report_is_self_contained_and_complete(cli: Cli, tmp_path: Path) -> None:
    html = report(cli, tmp_path)
    parsed = Resources()
    parsed.feed(html)
    assert parsed.loads == [] and parsed.scripts == 0
    # nothing fetched by CSS: url() only for the SVGs' own #fragments
    assert not re.search(r"url\((?!#)", html) and "@import" not in html
    assert parsed.svgs == 3  # ranking bars, weights, rank heatmap
    for section in ("ranking", "weights", "robustness", "methods", "destinations"):
        assert f'<section id="{section}">' in html
    assert re.search(r"SHA-256 <code>[0-9a-f]{64}</code>", html)
    shown = " ".join(re.findall(r'<span class="word">([^<]*)</span>', html))
    assert shown.startswith("mlsourcing report -o") and "--seed 20261125" in shown
    assert "Robust: Ukraine ranks first" in html and "Tipping points" in html
    assert "More than 2,980 ML specialists" in html  # evidence
    assert 'href="https://www.n-ix.com/' in html  # source links
    assert "@media print" in html


def test_every_dataset_text_is_escaped(cli: Cli, write: Write, tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script> & $5 "quoted"'
    text = dataset_toml(
        {"x": crit(label="<b>Label</b>")},
        {
            "a": {"name": hostile, "values": {"x": 1}, "description": "<img src=x onerror=1>"},
            "b": {"name": "B", "values": {"x": 2}},
        },
    )
    html = report(cli, tmp_path, "--data", str(write(text)))
    assert "<script>" not in html and "<img src=x" not in html and "<b>Label</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; $5" in html
    parsed = Resources()
    parsed.feed(html)
    assert parsed.scripts == 0 and parsed.loads == []


def test_report_options(cli: Cli, tmp_path: Path) -> None:
    html = report(cli, tmp_path, "--data", "open", "--profile", "eu_buyer", "--method", "topsis")
    shown = " ".join(re.findall(r'<span class="word">([^<]*)</span>', html))
    assert "method: TOPSIS" in html and "--profile eu_buyer" in shown
    out = tmp_path / "report.html"
    again = cli("report", "-o", str(out))
    assert again.exit_code == 1 and "already exists; use --force" in again.stderr


@pytest.mark.parametrize("args", [["--samples", "0"], ["--spread", "2"]])
def test_report_checks_its_options_first(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    result = cli("report", "-o", str(tmp_path / "r.html"), *args)
    assert result.exit_code == 2 and not (tmp_path / "r.html").exists()


def test_the_same_command_writes_the_same_bytes(cli: Cli, tmp_path: Path) -> None:
    """Charts carry no timestamp (matplotlib's SVG Date metadata is off)."""
    first = report(cli, tmp_path, "--samples", "200")
    second = report(cli, tmp_path, "--samples", "200", "--force")
    assert "<dc:date>" not in first
    assert second.replace(" --force", "") == first.replace(" --force", "")


def test_web_sources_are_links_and_other_schemes_are_not(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    text = dataset_toml(
        {"x": crit(), "y": crit()},
        {
            "a": {
                "name": "A",
                "values": {"x": 1, "y": 2},
                "evidence": {
                    "x": {"source": "plain", "note": "from an http page"},
                    "y": {"source": "script", "note": "from nowhere"},
                },
            },
            "b": {"name": "B", "values": {"x": 2, "y": 1}},
        },
        '[sources.plain]\ntitle = "Plain"\nurl = "http://example.org/figures"\n'
        '[sources.script]\ntitle = "Script"\nurl = "javascript:alert(1)"\n',
    )
    out = tmp_path / "r.html"
    result = cli("report", "-d", str(write(text)), "-o", str(out), "-s", "50")
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert 'href="http://example.org/figures"' in html
    assert "javascript:" not in html


def test_the_report_speaks_to_a_meeting_not_a_shell(cli: Cli, tmp_path: Path) -> None:
    html = report(cli, tmp_path, "--data", "open", "-r", "ml_practitioners>=5000")
    doc = json.loads(
        cli("rank", "--data", "open", "-r", "ml_practitioners>=5000", "-f", "json").stdout
    )
    aside = len(doc["set_aside"])
    assert aside > 5 and "Set aside, not ranked: Poland (ml_practitioners 4,786 developers" in html
    assert f"; and {aside - 5} more.</p>" in html  # five named, the rest counted
    assert "--format" not in html
    command = html[html.index('<code class="command">') :]
    command = command[: command.index("</code>")]
    words = re.findall(r'<span class="word">([^<]*)</span>', command)
    assert words[:3] == ["mlsourcing", "report", "-o"] and "--missing" in words
    assert ".meta code.command .word { display: inline-block;" in html


def test_the_heatmap_shows_every_rank_taken_with_ticks_that_fit(cli: Cli, tmp_path: Path) -> None:
    html = report(cli, tmp_path, "--data", "open")
    heat = html[html.index('id="heatmap-chart"') :]
    heat = heat[: heat.index("</figure>")]
    ticks = [int(x) for x in re.findall(r">(\d+)</text>", heat)]
    ranks = sorted(set(ticks))
    assert ranks[:3] == [1, 5, 10] and all(k == 1 or k % 5 == 0 for k in ranks)
    doc = json.loads(
        cli("sensitivity", "--data", "open", "-s", "300", "--distribution", "-f", "json").stdout
    )
    taken = max(int(k) for r in doc["results"][:30] for k in r["rank_distribution"])
    assert taken > 30 and max(ranks) >= taken - 4  # drawn to the last rank taken, not cut at 30


def test_the_report_says_when_each_figure_stands(cli: Cli, tmp_path: Path) -> None:
    html = report(cli, tmp_path, "--data", "open")
    assert "Periods of the figures: ML practitioners: as of 2023 Q2 to 2024 Q1;" in html


def test_a_portfolio_section_when_asked(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    html = report(cli, tmp_path, "--data", "open", "--portfolio", "2")
    section = html[html.index('<section id="portfolios">') :]
    section = section[: section.index("</section>")]
    doc = json.loads(
        cli("portfolio", "--data", "open", "--size", "2", "-s", "300", "-f", "json").stdout
    )
    first = doc["results"][0]
    assert "Which 2 sites hold up together?" in section
    assert f"<td>{' + '.join(first['names'])}</td>" in section
    assert "--portfolio 2" in " ".join(re.findall(r'<span class="word">([^<]*)</span>', html))
    assert 'id="portfolios"' not in report(cli, tmp_path / "plain")
    bad = cli("report", "-o", str(tmp_path / "x.html"), "--portfolio", "0")
    assert bad.exit_code == 2 and "--portfolio: must be at least 1, not 0" in bad.stderr


def test_thirteen_criteria_thirteen_colours_and_a_table_that_fits(cli: Cli, tmp_path: Path) -> None:
    from mlsourcing.render.charts import PALETTE, colours

    for n in (1, 8, 9, 13, 20, 21, 40):
        assert len(set(colours(n))) == n, n
    assert colours(4) == PALETTE[:4]  # the house colours while they last
    html = report(cli, tmp_path, "--data", "open")
    chart = html[html.index('id="ranking-chart"') :]
    chart = chart[: chart.index("</figure>")]
    # each criterion's series (its legend entry and its bars) in its own colour; no
    # two criteria share one (before, the ninth took the first's again)
    fills = dict(
        re.findall(r"\.color-(\d+),[^{}]*\{stroke:#[0-9a-f]{6};fill:(#[0-9a-f]{6})\}", chart)
    )
    assert [fills[str(i)] for i in range(13)] == colours(13)
    first = chart[chart.index('class="series serie-0 color-0"') :]
    first = first[: first.index('class="series serie-1 color-1"')]
    assert first.count("<rect") > 13  # ML practitioners: a bar for most shown
    table = html[html.index('<div class="scroll"><table') :]
    assert table.startswith('<div class="scroll"><table class="wide">')
    assert table.count('<th class="num criterion">') == 13
    small = report(cli, tmp_path / "small")  # four criteria: the table as it was
    assert '<div class="scroll"><table>' in small
