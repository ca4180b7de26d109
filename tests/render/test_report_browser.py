"""The report in a real browser (Debian's Chromium, driven by Playwright):
no network, no console error, every chart with a visible size, a layout that
holds at a laptop and a phone width, and a screenshot that is not blank and
looks like the previous one. .ci/run installs Chromium when it is missing."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, TESTS

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=".ci/run installs Debian's chromium")
SIGNATURES = TESTS / "snapshots" / "report_signatures.json"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"laptop": (1280, 900), "phone": (390, 844)}
# each chart text's size on screen, in CSS px: its font size times the scale from
# its own coordinates to the screen (the chart's scaling and any rotation)
TEXT_SIZES = """() => Array.from(document.querySelectorAll('figure.chart svg text')).map(t => {
  const m = t.getScreenCTM();
  return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
})"""


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of an 8-bit PNG (no library needed)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def signature(png: bytes, grid: int = 8) -> list[float]:
    """Mean darkness of each cell of a grid x grid split of the image."""
    width, height, rows = pixels(png)
    channels = len(rows[0]) // width
    cells = [[0.0, 0] for _ in range(grid * grid)]
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width, 4):
            value = 255 - sum(row[x * channels : x * channels + 3]) / 3
            cell = cells[(y * grid // height) * grid + x * grid // width]
            cell[0] += value
            cell[1] += 1
    return [round(total / max(n, 1), 1) for total, n in cells]


def reported(data: str, out: Path) -> Path:
    """``report`` of ``data`` written to ``out`` (100 draws: the layout, not the numbers)."""
    from typer.testing import CliRunner

    from mlsourcing.cli import app

    result = CliRunner().invoke(app, ["report", "-d", data, "-o", str(out), "-s", "100"])
    assert result.exit_code == 0, result.stderr
    return out


@contextlib.contextmanager
def laptop(page_file: Path) -> Iterator[Any]:
    """The page open in Chromium at 1280 x 900, loaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        yield page
        browser.close()


@pytest.fixture(scope="module")
def page_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from mlsourcing.cli import app

    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", "-o", str(out), "--samples", "500"])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_report_in_chromium(page_report: Path, device: str) -> None:
    from playwright.sync_api import sync_playwright

    width, height = WIDTHS[device]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        requests: list[str] = []
        messages: list[tuple[str, str]] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: messages.append((m.type, m.text)))
        page.on("pageerror", lambda e: messages.append(("error", str(e))))
        page.goto(page_report.as_uri())
        page.wait_for_load_state("load")
        assert requests == [page_report.as_uri()]  # the page itself, nothing else
        assert [m for m in messages if m[0] in ("error", "warning")] == []
        charts = page.query_selector_all("figure.chart svg")
        assert len(charts) == 3
        for chart in charts:
            box = chart.bounding_box()
            assert box is not None and box["width"] > 0.6 * min(width, 1100) - 40
            assert box["height"] > 80
        # the layout holds: nothing but the wide tables' own scroll boxes overflows
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        # every word in every chart is readable as shown: at least 9 CSS px
        sizes = page.evaluate(TEXT_SIZES)
        assert len(sizes) > 30 and min(sizes) >= 9, (device, min(sizes))
        shot = page.screenshot()
        browser.close()
    cells = signature(shot)
    assert max(cells) > 20 and sum(c > 2 for c in cells) >= 8  # not blank
    known = json.loads(SIGNATURES.read_text()) if SIGNATURES.exists() else {}
    if device not in known:  # the first run records it; it is checked in
        known[device] = cells
        SIGNATURES.write_text(json.dumps(known, indent=1) + "\n")
    previous = known[device]
    difference = sum(abs(a - b) for a, b in zip(cells, previous, strict=True)) / len(cells)
    assert difference < 12, f"the {device} screenshot moved by {difference:.1f} on average"


def test_a_very_long_name_keeps_the_charts_and_the_page_in_shape(tmp_path: Path) -> None:

    long_name = "The Very Long Official Name of a Destination " * 5  # 225 characters
    text = (
        (ROOT / "countries.toml")
        .read_text(encoding="utf-8")
        .replace('name = "Poland"', f'name = "{long_name.strip()}"')
    )
    data = tmp_path / "long.toml"
    data.write_text(text, encoding="utf-8")
    with laptop(reported(str(data), tmp_path / "long.html")) as page:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        chart = page.query_selector("#ranking-chart svg")
        assert chart is not None
        box = chart.bounding_box()
        sizes = page.evaluate(TEXT_SIZES)
        labels = page.evaluate(
            "() => Array.from(document.querySelectorAll('#ranking-chart svg text'))"
            ".map(t => t.textContent)"
        )
    assert overflow <= 1
    assert box is not None and box["height"] > 200  # the bars keep their room
    assert min(sizes) >= 9
    # the name cut to 40 characters, then the bar's score
    assert any(re.fullmatch(r".{1,39}…  \d+\.\d", label) for label in labels), labels


def test_thirteen_criteria_fit_a_laptop_without_scrolling(tmp_path: Path) -> None:

    with laptop(reported("open", tmp_path / "open.html")) as page:
        box = page.evaluate(
            "() => { const d = document.querySelector('#ranking .scroll');"
            " return [d.scrollWidth, d.clientWidth]; }"
        )
        headers = page.evaluate(
            "() => Array.from(document.querySelectorAll('#ranking th.criterion'))"
            ".map(t => { const r = t.getBoundingClientRect();"
            " return [r.width, r.height, parseFloat(getComputedStyle(t).fontSize)]; })"
        )
        sizes = page.evaluate(TEXT_SIZES)
    assert box[0] <= box[1], box  # all 16 columns in view: no sideways scroll
    assert len(headers) == 13
    for width, height, size in headers:  # upright names would need ~100 px each
        assert height > width and size >= 12
    assert min(sizes) >= 9
