"""The report in a real browser (Debian's Chromium, driven by Playwright):
no network, no console error, every chart with a visible size, a layout that
holds at a laptop and a phone width, and a screenshot that is not blank and
looks like the previous one. .ci/run installs Chromium when it is missing."""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from conftest import TESTS

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
