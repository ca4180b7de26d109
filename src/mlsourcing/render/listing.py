"""Fixed-width tables for the terminal: laid out before they are drawn.

Every table the tool prints goes through :func:`table`. Widths are decided up
front from the cells, so that a number is never cut or split over two lines
and the score is never cut: headers wrap at spaces and after ``_``, names
fold, and when the terminal is still too narrow, the columns that may go
(criteria, or destinations in a comparison) are left out, least weighted
first, and named in a note. The same code draws ten rows or twenty thousand
(no per-cell measuring by Rich), and no line ends in spaces.

The result is :class:`Lines`: text segments with Rich style names, which the
:class:`~mlsourcing.render.env.Environment` prints plain or styled.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal, NamedTuple

Justify = Literal["left", "right", "center"]
Segment = tuple[str, str]  # (text, Rich style; "" for none)
GAP = "   "  # between columns: the look of Rich's SIMPLE_HEAD box
EDGE = " "
HEADER_PIECE = 16  # a header word longer than this (and than the cells) is split


class Lines(NamedTuple):
    """Lines of styled segments, ready to print."""

    lines: list[list[Segment]]

    def plain(self) -> str:
        return "".join("".join(text for text, _ in line) + "\n" for line in self.lines)


class Col(NamedTuple):
    """One column: its header, its cells (a cell may hold several lines), and how
    it may give way to a narrow terminal."""

    header: str
    cells: Sequence[str]
    justify: Justify = "right"
    fold: bool = False  # text that may wrap onto more lines (names, labels)
    styles: Sequence[str] | str = ""  # one style for every cell, or one per cell
    key: str | None = None  # set on a column that may be left out; named in the note
    keep: float = 0.0  # the columns with the lowest keep are left out first
    min_width: int = 1


ZWJ = "\u200d"  # zero-width joiner: joins emoji into one picture (a family: 👨‍👩‍👧)


def cell_len(text: str) -> int:
    """Terminal columns a string takes: East Asian wide characters and emoji take
    two; combining marks, variation selectors and the joiner none; an emoji joined
    to the one before by a zero-width joiner draws as part of it, so takes none."""
    if text.isascii():
        return len(text)
    width = 0
    joined = False
    for ch in text:
        if ch == ZWJ:
            joined = True
            continue
        if joined or unicodedata.combining(ch) or "\ufe00" <= ch <= "\ufe0f":
            joined = False
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def _tokens(header: str) -> list[str]:
    """A header's unbreakable pieces: words, and parts of a key after each ``_``."""
    out = []
    for word in header.split():
        parts = word.split("_")
        out += [p + "_" for p in parts[:-1]] + [parts[-1]]
        if not parts[-1]:
            out.pop()
        out[-1] += " "  # a space may follow
    return [t for t in out if t.strip()]


def wrap_header(header: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    tokens = []
    for token in _tokens(header):  # a piece wider than the column is split
        tokens += fold(token.rstrip(), width) if cell_len(token.rstrip()) > width else [token]
    for token in tokens:
        if current and cell_len((current + token).rstrip()) > width:
            lines.append(current.rstrip())
            current = ""
        current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def fold(text: str, width: int) -> list[str]:
    """Text wrapped at spaces to ``width``; a word longer than that is split."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while cell_len(word) > width:
            cut = width
            while cell_len(word[:cut]) > width:
                cut -= 1
            lines.append(word[: max(cut, 1)])
            word = word[max(cut, 1) :]
        current = word
    lines.append(current)
    return lines


def _simple(cells: Sequence[str]) -> bool:
    """ASCII text of one line per cell: len() is its width (the fast, common case)."""
    joined = "".join(cells)
    return joined.isascii() and "\n" not in joined


def natural(col: Col) -> int:
    """The width a column wants: its widest cell line, and its longest header piece."""
    if _simple(col.cells):
        widest = max(map(len, col.cells), default=0)
    else:
        widest = max((cell_len(line) for cell in col.cells for line in cell.split("\n")), default=0)
    piece = max((cell_len(t.rstrip()) for t in _tokens(col.header)), default=0)
    return max(widest, min(piece, HEADER_PIECE), col.min_width)


def fit(cols: Sequence[Col], width: int) -> tuple[list[tuple[Col, int]], list[Col]]:
    """Widths for the columns that fit ``width``, and the columns left out.

    Decorations (optional columns with an empty key, such as score bars) go
    first, then folding columns shrink (down to their header's longest piece, at
    least 11), then the optional columns with the lowest ``keep`` are left out.
    """
    widths = [natural(c) for c in cols]
    shown = list(range(len(cols)))

    def total() -> int:
        return 2 * len(EDGE) + sum(widths[i] for i in shown) + len(GAP) * (len(shown) - 1)

    for i in [i for i in shown if cols[i].key == ""]:
        if total() > width:
            shown.remove(i)
    for i in shown:  # names fold before anything is left out
        if cols[i].fold and total() > width:
            floor = max(min(widths[i], 11), natural(cols[i]._replace(cells=())))
            widths[i] = max(floor, widths[i] - (total() - width))
    # the lowest keep first; at equal keep the later column (criteria come in the
    # order their dataset lists them, the first ones the most telling)
    optional = sorted(
        (i for i in shown if cols[i].key is not None), key=lambda i: (cols[i].keep, -i)
    )
    left_out = []
    while total() > width and optional:
        i = optional.pop(0)
        shown.remove(i)
        left_out.append(cols[i])
    for i in shown:  # room again: give folded columns back what they can use
        if cols[i].fold:
            widths[i] = min(natural(cols[i]), widths[i] + max(0, width - total()))
    for i in shown:  # and headers their one line, where there is room for it
        one_line = max(cell_len(part) for part in cols[i].header.split("\n"))
        widths[i] = max(widths[i], min(one_line, widths[i] + max(0, width - total())))
    left_out.sort(key=cols.index)  # named in the table's own order
    return [(cols[i], widths[i]) for i in shown], left_out


def _justify(text: str, width: int, how: Justify) -> str:
    pad = width - cell_len(text)
    if pad <= 0:
        return text
    if how == "right":
        return " " * pad + text
    if how == "center":
        return " " * (pad // 2) + text + " " * (pad - pad // 2)
    return text + " " * pad


def _row(cells: list[tuple[list[str], int, Justify, str]], bottom: bool) -> list[list[Segment]]:
    """Lines for one row of cells (lines, width, justify, style); headers align
    at the bottom, cells at the top."""
    height = max(len(lines) for lines, _, _, _ in cells)
    out = []
    for n in range(height):
        line: list[Segment] = [(EDGE, "")]
        for k, (lines, width, how, style) in enumerate(cells):
            at = n - (height - len(lines)) if bottom else n
            text = lines[at] if 0 <= at < len(lines) else ""
            if k:
                line.append((GAP, ""))
            line.append((_justify(text, width, how), style if text else ""))
        out.append(_strip(line))
    return out


def _strip(line: list[Segment]) -> list[Segment]:
    """No trailing spaces (a piped table is read by tools that keep them)."""
    while line and not line[-1][0].strip():
        line.pop()
    if line:
        text, style = line[-1]
        line[-1] = (text.rstrip(), style)
    return line


def _justified(col: Col, width: int) -> list[str | None]:
    """Each cell justified to ``width`` where it is one line that fits (None where
    it must be folded): most cells, done in one pass."""
    how = col.justify
    out: list[str | None] = []
    for cell in col.cells:
        if "\n" in cell:
            out.append(None)
            continue
        size = len(cell) if cell.isascii() else cell_len(cell)
        pad = width - size
        if pad < 0:
            out.append(None)
        elif how == "right":
            out.append(" " * pad + cell)
        elif how == "left":
            out.append(cell + " " * pad)
        else:
            out.append(" " * (pad // 2) + cell + " " * (pad - pad // 2))
    return out


def table(
    cols: Sequence[Col],
    width: int,
    title: str | None = None,
    caption: str | None = None,
) -> tuple[Lines, list[Col]]:
    """The table at ``width`` columns, and the columns it had to leave out."""
    chosen, left_out = fit(cols, width)
    lines: list[list[Segment]] = []
    if title:
        lines += [[(t, "italic")] for t in fold(title, width)]
    lines.append([])
    header = [(wrap_header(c.header, w), w, c.justify, "bold") for c, w in chosen]
    lines += _row(header, bottom=True)
    span = sum(w for _, w in chosen) + len(GAP) * (len(chosen) - 1)
    lines.append([(EDGE, ""), ("─" * span, "")])
    rows = len(chosen[0][0].cells) if chosen else 0
    # Cells of one line that fits are justified column by column, at once; the
    # others (folded names, several lines) cell by cell. Cells align at the top.
    ready = [_justified(c, w) for c, w in chosen]
    blanks = [" " * w for _, w in chosen]
    styles = [c.styles if isinstance(c.styles, str) else None for c, _ in chosen]
    for i in range(rows):
        cells: list[list[str]] = []
        for k, (c, w) in enumerate(chosen):
            text = ready[k][i]
            if text is not None:
                cells.append([text])
                continue
            parts = [
                p for line in c.cells[i].split("\n") for p in (fold(line, w) if c.fold else [line])
            ]
            cells.append([_justify(p, w, c.justify) for p in parts])
        for n in range(max(map(len, cells))):
            # unstyled runs are joined into one segment: a line is one or a few
            line: list[Segment] = []
            run = [EDGE]
            for k, cell in enumerate(cells):
                text = cell[n] if n < len(cell) else blanks[k]
                if k:
                    run.append(GAP)
                style = styles[k]
                if style is None:
                    style = chosen[k][0].styles[i]
                if style and text.strip():
                    line.append(("".join(run), ""))
                    line.append((text, style))
                    run = []
                else:
                    run.append(text)
            line.append(("".join(run), ""))
            lines.append(_strip(line))
    lines.append([])
    if caption:
        lines += [[(t, "dim")] for t in fold(caption, max(span + 2, min(width, 60)))]
    return Lines(lines), left_out


def left_out_note(cols: Sequence[Col], width: int, what: str, how: str) -> str | None:
    """The note naming the columns a table left out, and how to see ``what``."""
    named = [c.key for c in cols if c.key]
    if not named:
        return None
    return f"Not shown at {width} columns: {', '.join(named)}. To see {what}: {how}."


def prose(text: str, width: int, style: str = "") -> Lines:
    """Paragraphs wrapped at spaces; a list item's lines are indented under its
    text. A word longer than the width is split, but for a URL, which stays
    whole so that the terminal can still open it."""
    out: list[list[Segment]] = []
    for paragraph in text.split("\n"):
        line = ""
        indent = " " * (len(paragraph) - len(paragraph.lstrip(" -")))
        words = []
        for word in paragraph.split(" "):
            if cell_len(word) > width - len(indent) and "://" not in word:
                words += fold(word, max(1, width - len(indent)))
            else:
                words.append(word)
        for word in words:
            candidate = f"{line} {word}" if line else word
            if line and cell_len(candidate) > width:
                out.append([(line, style)])
                line = indent + word
            else:
                line = candidate
        out.append([(line.rstrip(), style)])
    return Lines(out)


def join(*parts: Lines | None) -> Lines:
    return Lines([line for part in parts if part is not None for line in part.lines])


def verbatim(text: str) -> Lines:
    """A line meant to be copied (a command, a ``--weights`` spec): never wrapped,
    whatever the width, so that ``tail -1`` or a mouse gets it whole."""
    return Lines([[(text, "")]])


def compose(items: Sequence[Lines | str | None], width: int) -> Lines:
    """What a writer for people returned, as lines: tables as laid out,
    paragraphs wrapped at ``width``, None items skipped."""
    return join(*(prose(i, width) if isinstance(i, str) else i for i in items))
