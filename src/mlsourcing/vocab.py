"""Names and defaults shared by the library and its front ends, declared once.

Kept free of heavy imports: the command line reads it at start-up.
"""

from __future__ import annotations

from enum import Enum


class Name(str, Enum):
    """A name users type: prints as itself (``str(Format.csv) == "csv"``)."""

    def __str__(self) -> str:
        return str(self.value)


class Method(Name):
    """A scoring method (see docs/methods.md)."""

    wsm = "wsm"
    topsis = "topsis"
    wpm = "wpm"
    vikor = "vikor"
    promethee = "promethee"


METHOD_TITLES = {
    Method.wsm: "weighted sum",
    Method.topsis: "TOPSIS",
    Method.wpm: "weighted product",
    Method.vikor: "VIKOR",
    Method.promethee: "PROMETHEE II",
}
# What a destination's [0, 1] figure on one criterion means under each method.
POSITION_TEXT = {
    Method.wsm: "normalised value: 0 at the criterion's worst bound, 1 at its best",
    Method.topsis: "position between the anti-ideal (0) and the ideal (1)",
    Method.wpm: "ratio to the best value present (1 is the best)",
    Method.vikor: "1 minus the regret: 0 at the worst value, 1 at the best",
    Method.promethee: "pairwise standing: (net flow + 1) / 2, 1 beats every other destination",
}


class Missing(Name):
    """How a missing value is scored (see docs/methods.md)."""

    worst = "worst"  # the worst value: normalised 0
    median = "median"  # the median of the values present on the criterion
    ignore = "ignore"  # left out: scored on the criteria it has, weights re-normalised


MISSING_TEXT = {
    Missing.worst: "scored as the worst on its criterion (normalised 0)",
    Missing.median: "scored at the median of the values present on its criterion",
    Missing.ignore: "left out: scored on the criteria it has, their weights re-normalised",
}


class Format(Name):
    """An output format. Which command writes which is the table in
    :mod:`mlsourcing.render`."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    xlsx = "xlsx"  # a workbook: written to a file (-o FILE)


class Aggregate(Name):
    """How a group's weights are made from its stakeholders' (see mlsourcing.weights.group)."""

    mean = "mean"
    geometric = "geometric"


class Vary(Name):
    """What a sensitivity analysis draws (see mlsourcing.analysis.robustness)."""

    weights = "weights"
    values = "values"  # within their ranges (and --value-spread)
    both = "both"


# Sensitivity analysis (mlsourcing.analysis.robustness and the sensitivity command).
DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 20261125
DEFAULT_SPREAD = 0.5

# Terminal tables of a large dataset show the leading rows unless --all or --top.
TABLE_LIMIT = 100  # more destinations than this: a table shows only the top ...
TABLE_SHOWN = 50  # ... this many (with any tied at the cut)
