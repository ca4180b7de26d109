"""Names and defaults shared by the library and its front ends, declared once.

Kept free of heavy imports: the command line reads it at start-up.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar


class Name(str, Enum):
    """A name users type: prints as itself (``str(Format.csv) == "csv"``)."""

    def __str__(self) -> str:
        return str(self.value)


class Method(str):
    """The name of a scoring method, as users type it (``--method topsis``).

    Not an enum: the methods are whatever :mod:`mlsourcing.mcda.methods` registers
    (one module each), so a new one needs no name added here. The five built in
    have constants (``Method.wsm``) for code and defaults to name them by.
    """

    __slots__ = ()
    wsm: ClassVar[Method]
    topsis: ClassVar[Method]
    wpm: ClassVar[Method]
    vikor: ClassVar[Method]
    promethee: ClassVar[Method]

    @property
    def value(self) -> str:
        """The name itself (as an enum member's ``value`` would be)."""
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Method({str.__repr__(self)})"


Method.wsm = Method("wsm")
Method.topsis = Method("topsis")
Method.wpm = Method("wpm")
Method.vikor = Method("vikor")
Method.promethee = Method("promethee")


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
    html = "html"  # a page: the report, written to a file (-o FILE)


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
DEFAULT_AMONG = 15  # portfolios are drawn from this many leading destinations

# Terminal tables of a large dataset show the leading rows unless --all or --top.
TABLE_LIMIT = 100  # more destinations than this: a table shows only the top ...
TABLE_SHOWN = 50  # ... this many (with any tied at the cut)
