"""Numbers for each medium: three formatters, named for the output they serve."""

from __future__ import annotations

import math


def json_number(x: float | None) -> float | int | None:
    """A number for JSON: integral floats as ints (5500.0 -> 5500), others exact."""
    if x is None:
        return None
    if float(x).is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def exact_number(x: float | None) -> str:
    """A number as text, exactly (shortest repr), for CSV cells and error messages:
    integral values lose their ".0" (5500.0 -> "5500"); '' if missing."""
    if x is None:
        return ""
    text = repr(x)
    return text[:-2] if text.endswith(".0") else text


def human_number(x: float | None, missing: str = "n/a") -> str:
    """A number for people: thousands separators, at most 2 decimals (4 significant
    if small). Never empty: a tiny non-zero value does not show as 0."""
    if x is None:
        return missing
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1e15 or (x != 0 and abs(x) < 0.01):
        return f"{x:.4g}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def human_estimate(x: float | None, ranged: bool) -> str:
    """A value for people, marked ~ when it is the point estimate of a range."""
    return ("~" if ranged else "") + human_number(x)


def human_range(lo_hi: tuple[float, float]) -> str:
    """A range for people: 2,980-3,500; with a negative end, -0.97 to -0.3 (a hyphen
    would read as "-0.97--0.3")."""
    lo, hi = human_number(lo_hi[0]), human_number(lo_hi[1])
    return f"{lo} to {hi}" if lo.startswith("-") or hi.startswith("-") else f"{lo}-{hi}"


def human_percent(w: float) -> str:
    """A share for people: whole percent, or one decimal when that is not exact."""
    pct = 100 * w + 0.0  # + 0.0: -0.0 becomes 0.0
    return f"{pct:.0f}%" if abs(pct - round(pct)) < 0.05 else f"{pct:.1f}%"


def human_share(pct: float | None, missing: str = "n/a") -> str:
    """A percentage for people, to one decimal (``1.3%``), more for a small one
    (``0.04%``); ``missing`` where there is none."""
    if pct is None:
        return missing
    return f"{pct:.1f}%" if pct >= 0.1 or pct == 0 else f"{pct:.2g}%"


def bar(fraction: float, width: int = 10) -> str:
    """A horizontal bar of block characters for a fraction in [0, 1]."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]).ljust(width)


def apportion(parts: list[float], total: float, digits: int = 1) -> list[float]:
    """``parts`` rounded to ``digits`` decimals so that they add up to ``total``
    rounded the same way (largest remainders get the spare units), so that a
    row's points, as shown, add up to its score as shown."""
    scale = 10**digits
    floors = [math.floor(p * scale + 1e-9) for p in parts]
    spare = round(total * scale) - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda i: floors[i] - parts[i] * scale)
    for i in by_remainder[: max(0, spare)]:
        floors[i] += 1
    return [f / scale for f in floors]
