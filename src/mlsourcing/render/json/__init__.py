"""JSON writers: one document per command, numbers as numbers, null where missing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mlsourcing.mcda.scoring import DIGITS
from mlsourcing.numbers import json_number
from mlsourcing.render.json.common import (
    _range,
    _share,
    column_docs,
    headroom_doc,
    result_doc,
    screen_doc,
    streamed,
    to_json,
)
from mlsourcing.render.json.lines import in_halves, result_lines, shares
from mlsourcing.render.json.listings import (
    criteria,
    datasets,
    diff,
    methods,
    portfolio,
    profiles,
    stakeholders,
    weigh,
)
from mlsourcing.render.prose import verdict_text

if TYPE_CHECKING:
    from mlsourcing.analysis.robustness import Robustness
    from mlsourcing.render.env import Environment
    from mlsourcing.views.rankings import (
        ComparisonView,
        DestinationView,
        RankingView,
        SensitivityView,
    )

__all__ = [
    "compare",
    "criteria",
    "datasets",
    "diff",
    "methods",
    "portfolio",
    "profiles",
    "rank",
    "sensitivity",
    "show",
    "stakeholders",
    "weigh",
]


def rank(view: RankingView, env: Environment | None = None) -> Iterator[str]:
    """Each result as result_doc gives it, with its team share and what dominates it;
    written a column at a time (see :mod:`mlsourcing.render.json.lines`)."""
    results = result_lines(view.results, view.headroom, view.dominated)
    document = {
        "dataset": view.dataset,
        "title": view.title,
        "method": view.method.value,
        "missing_policy": view.policy.value,
        "weights": view.weights,
        **headroom_doc(view.headroom),
        "results": None,  # streamed
        "criteria": column_docs(view.columns),
        **screen_doc(view.screen),
    }
    return streamed(document, "results", results)


def show(view: DestinationView, env: Environment | None = None) -> str:
    """Everything known about one destination, with provenance."""
    result = view.result
    details = [
        {
            "criterion": d.column.key,
            "label": d.column.label,
            "direction": d.column.direction,
            "unit": d.column.unit,
            "scale": d.column.scale,
            "as_of": d.column.as_of or None,
            "value": json_number(d.value),
            "range": _range(result.ranges[d.column.key]) if d.column.key in result.ranges else None,
            "missing": d.missing,
            "normalised": json_number(round(d.position, DIGITS)),
            "weight": json_number(d.weight),
            "points": None if d.points is None else json_number(round(d.points, DIGITS)),
            "evidence": d.evidence,
            "source": None
            if d.source is None
            else {
                "key": d.source.key,
                "title": d.source.title,
                "url": d.source.url,
                "date": d.source.date,
            },
        }
        for d in view.details
    ]
    return to_json(
        {
            "dataset": view.dataset,
            "method": view.method.value,
            "missing_policy": view.policy.value,
            "slug": view.slug,
            "name": view.name,
            "description": view.description,
            "rank": result.rank,
            "of": view.of,
            "score": json_number(result.score),
            **headroom_doc(view.headroom),
            **_share(view.headroom, view.slug),
            "weights": view.weights,
            "values": {k: json_number(v) for k, v in result.values.items()},
            "criteria": details,
            "dominated_by": list(view.dominated_by),
            **screen_doc(view.screen),
        }
    )


def compare(view: ComparisonView, env: Environment | None = None) -> str:
    gaps = []
    for gap in view.gaps:
        doc: dict[str, Any] = {
            "from": gap.ahead.slug,
            "to": gap.behind.slug,
            "score_gap": json_number(gap.score_gap),
        }
        by = {k: json_number(v) for k, v in gap.by_criterion.items()}
        doc["by_criterion" if gap.additive else "position_gap"] = by
        gaps.append(doc)
    return to_json(
        {
            "dataset": view.dataset,
            "method": view.method.value,
            "missing_policy": view.policy.value,
            "weights": view.weights,
            **headroom_doc(view.headroom),
            "destinations": [
                {**result_doc(r), **_share(view.headroom, r.slug)} for r in view.results
            ],
            "gaps": gaps,
            **screen_doc(view.screen),
        }
    )


def sensitivity(view: SensitivityView, env: Environment | None = None) -> Iterator[str]:
    sens = view.analysis
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    keys: list[str] = []  # '"7": ' for rank 7, made once for every result

    def line(r: Robustness) -> str:
        doc = {
            "rank": r.rank,
            "slug": r.slug,
            "name": r.name,
            "score": json_number(r.score),
            "p_first": r.p_first,
            **_share(view.headroom, r.slug),
            "rank_p05": r.rank_p05,
            "rank_median": r.rank_median,
            "rank_p95": r.rank_p95,
            **({"rank_distribution": None} if r.distribution else {}),
            "central_weights": r.central_weights,
        }
        text = encode(doc)
        if not r.distribution:
            return text
        # up to a thousand ranks a destination: written from its counts, not a dict
        # (a quote in a name is escaped, so this key can be nowhere else)
        return text.replace(
            '"rank_distribution": null', '"rank_distribution": ' + shares(r.distribution, keys), 1
        )

    results = in_halves(len(view.results), lambda a, b: list(map(line, view.results[a:b])))
    return streamed(
        {
            "dataset": view.dataset,
            "method": sens.method.value,
            "missing_policy": sens.policy.value,
            "samples": sens.samples,
            "seed": sens.seed,
            "spread": "any" if sens.spread is None else sens.spread,
            "between_stakeholders": list(sens.between),
            "vary": sens.vary.value,
            "value_spread": sens.value_spread,
            **headroom_doc(view.headroom),
            "weights": sens.weights,
            "verdict": verdict_text(sens),
            "results": None,  # streamed
            "tipping": [
                {
                    "criterion": t.criterion,
                    "weight": t.weight,
                    "low": t.low,
                    "high": t.high,
                    "below": t.below,
                    "above": t.above,
                }
                for t in sens.tipping
            ],
            **screen_doc(view.screen),
        },
        "results",
        results,
    )
