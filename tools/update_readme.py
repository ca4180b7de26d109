"""Regenerate the example outputs in README.md and docs/*.md from real runs.

Each example sits between two markers:

    <!-- run: mlsourcing rank --explain -->
    ```
    $ mlsourcing rank --explain
    ...output...
    ```
    <!-- end -->

This script runs each command (at 100 columns, no colour, from the repo root
with the bundled dataset) and rewrites the block. `--check` exits 1 if any
block is out of date, without writing.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"<!-- run: (?P<cmd>.+?) -->\n.*?<!-- end -->", re.DOTALL)


def run(command: str) -> str:
    args = shlex.split(command)
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("MLSOURCING_DATA", None)
    pipe = None
    if "|" in args:
        at = args.index("|")
        args, pipe = args[:at], args[at + 1 :]
    out = subprocess.run(
        [sys.executable, "-m", "mlsourcing", *args[1:]],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    text = out.stdout + out.stderr
    if pipe and pipe[0] == "head":
        text = "".join(text.splitlines(keepends=True)[: int(pipe[-1])])
    lines = [line.rstrip() for line in text.rstrip("\n").splitlines()]
    return "\n".join(lines)


def render(text: str) -> str:
    def block(match: re.Match[str]) -> str:
        cmd = match["cmd"]
        return f"<!-- run: {cmd} -->\n```\n$ {cmd}\n{run(cmd)}\n```\n<!-- end -->"

    return BLOCK.sub(block, text)


def main() -> int:
    stale = []
    for page in PAGES:
        current = page.read_text(encoding="utf-8")
        fresh = render(current)
        if fresh == current:
            continue
        stale.append(page.relative_to(ROOT))
        if "--check" not in sys.argv[1:]:
            page.write_text(fresh, encoding="utf-8")
    if stale and "--check" in sys.argv[1:]:
        names = ", ".join(str(s) for s in stale)
        print(f"examples are out of date in {names}: run python tools/update_readme.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
