"""JSON writers: one document per command, numbers as numbers, null where missing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsourcing.mcda.scoring import DIGITS
from mlsourcing.numbers import json_number
from mlsourcing.render.prose import verdict_text

if TYPE_CHECKING:
    from mlsourcing.mcda.scoring import Result
    from mlsourcing.render.env import Environment
    from mlsourcing.views.listings import (
        CriteriaView,
        DatasetsView,
        DiffView,
        MethodsView,
        ProfilesView,
        StakeholdersView,
        WeighView,
    )
    from mlsourcing.views.portfolio import PortfolioView
    from mlsourcing.views.rankings import (
        Column,
        ComparisonView,
        DestinationView,
        Headroom,
        RankingView,
        Screen,
        SensitivityView,
    )


def to_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _rounded(row: dict[str, float]) -> dict[str, float | int | None]:
    return {k: json_number(round(v, DIGITS)) for k, v in row.items()}


def result_doc(result: Result) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "rank": result.rank,
        "slug": result.slug,
        "name": result.name,
        "score": json_number(result.score),
        "values": {k: json_number(v) for k, v in result.values.items()},
        "normalised": _rounded(result.normalised),
    }
    if result.points is not None:
        doc["points"] = _rounded(result.points)
    doc["missing"] = list(result.missing)
    doc["ranges"] = {k: _range(lo_hi) for k, lo_hi in result.ranges.items()}
    return doc


def _range(lo_hi: tuple[float, float]) -> list[float | int | None]:
    return [json_number(lo_hi[0]), json_number(lo_hi[1])]


def headroom_doc(headroom: Headroom | None) -> dict[str, Any]:
    """With --team: the team and the criterion it is a share of."""
    if headroom is None:
        return {}
    return {"team": headroom.team, "pool": headroom.pool}


def _share(headroom: Headroom | None, slug: str) -> dict[str, Any]:
    """With --team: ``team_share``, the team as a percentage of this pool (or null)."""
    if headroom is None:
        return {}
    share = headroom.share(slug)
    return {"team_share": None if share is None else json_number(round(share, DIGITS))}


def screen_doc(screen: Screen) -> dict[str, Any]:
    """The requirements applied and the destinations they set aside, with why."""
    return {
        "requirements": list(screen.applied),
        "set_aside": [
            {"slug": a.slug, "name": a.name, "reasons": list(a.reasons)} for a in screen.set_aside
        ],
    }


def column_docs(columns: Sequence[Column]) -> list[dict[str, Any]]:
    out = []
    for c in columns:
        doc: dict[str, Any] = {
            "key": c.key,
            "label": c.label,
            "direction": c.direction,
            "unit": c.unit,
            "min": json_number(c.min),
            "max": json_number(c.max),
            "default_weight": json_number(c.default_weight),
            "description": c.description,
            "scale": c.scale,
        }
        if c.weight is not None:
            doc["weight"] = c.weight
        if c.bounds is not None:
            doc["bounds_used"] = [json_number(c.bounds[0]), json_number(c.bounds[1])]
        out.append(doc)
    return out


def rank(view: RankingView, env: Environment | None = None) -> str:
    return to_json(
        {
            "dataset": view.dataset,
            "title": view.title,
            "method": view.method.value,
            "missing_policy": view.policy.value,
            "weights": view.weights,
            **headroom_doc(view.headroom),
            "results": [
                {
                    **result_doc(r),
                    **_share(view.headroom, r.slug),
                    "dominated_by": list(view.dominated.get(r.slug, ())),
                }
                for r in view.results
            ],
            "criteria": column_docs(view.columns),
            **screen_doc(view.screen),
        }
    )


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


def sensitivity(view: SensitivityView, env: Environment | None = None) -> str:
    sens = view.analysis
    return to_json(
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
            "results": [
                {
                    "rank": r.rank,
                    "slug": r.slug,
                    "name": r.name,
                    "score": json_number(r.score),
                    "p_first": r.p_first,
                    **_share(view.headroom, r.slug),
                    "rank_p05": r.rank_p05,
                    "rank_median": r.rank_median,
                    "rank_p95": r.rank_p95,
                    **(
                        {"rank_distribution": {str(k): v for k, v in r.distribution.items()}}
                        if r.distribution
                        else {}
                    ),
                    "central_weights": r.central_weights,
                }
                for r in view.results
            ],
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
        }
    )


def profiles(view: ProfilesView, env: Environment | None = None) -> str:
    return to_json(
        {
            "dataset": view.dataset,
            "profiles": [
                {
                    "name": p.name,
                    "description": p.description,
                    "weights": {k: json_number(v) for k, v in p.weights.items()},
                    "effective_weights": p.effective,
                }
                for p in view.profiles
            ],
        }
    )


def criteria(view: CriteriaView, env: Environment | None = None) -> str:
    return to_json({"dataset": view.dataset, "criteria": column_docs(view.columns)})


def datasets(view: DatasetsView, env: Environment | None = None) -> str:
    return to_json(
        {
            "datasets": [
                {
                    "name": r.name,
                    "file": r.file,
                    "title": r.title,
                    "destinations": r.destinations,
                    "criteria": r.criteria,
                    "as_of": r.as_of,
                    "sources": list(r.sources),
                }
                for r in view.rows
            ]
        }
    )


def diff(view: DiffView, env: Environment | None = None) -> str:
    return to_json(
        {
            "old": view.old,
            "new": view.new,
            "method": view.method.value,
            "missing_policy": view.policy.value,
            "weights": {c.key: c.weight for c in view.columns},
            "changes": [
                {
                    "slug": c.slug,
                    "name": c.name,
                    "status": c.status,
                    "old_rank": c.old_rank,
                    "new_rank": c.new_rank,
                    "rank_change": c.moved,
                    "old_score": json_number(c.old_score),
                    "new_score": json_number(c.new_score),
                    "score_change": json_number(c.score_change),
                    "values_changed": [
                        {
                            "criterion": v.criterion,
                            "old": json_number(v.old),
                            "new": json_number(v.new),
                        }
                        for v in c.values
                    ],
                }
                for c in view.changes
            ],
        }
    )


def weigh(view: WeighView, env: Environment | None = None) -> str:
    return to_json(
        {
            "method": view.method,
            "weights": view.weights,
            "consistency_ratio": view.consistency_ratio,
            "consistent": view.consistent,
            "weights_spec": view.spec,
            "saved": view.saved,
        }
    )


def stakeholders(view: StakeholdersView, env: Environment | None = None) -> str:
    g = view.group
    return to_json(
        {
            "dataset": view.dataset,
            "method": view.method.value,
            "missing_policy": view.policy.value,
            "stakeholders": [
                {
                    "key": m.key,
                    "name": m.name,
                    "role": m.role,
                    "view": m.view,
                    "weights": m.weights,
                    "top": m.top,
                    "consistency_ratio": m.consistency_ratio,
                    "consistent": m.consistent,
                }
                for m in g.members
            ],
            "aggregate": g.how,
            "group_weights": g.weights,
            "group_top": g.top,
            "kendall_w": g.concordance,
            "agreement": g.agreement,
            "pairs": [{"a": a, "b": b, "kendall_tau": t} for a, b, t in g.pairs],
            **screen_doc(view.screen),
        }
    )


def methods(view: MethodsView, env: Environment | None = None) -> str:
    found = view.agreement
    return to_json(
        {
            "dataset": view.dataset,
            "weights": {c.key: c.weight for c in view.columns},
            "missing_policy": found.policy.value,
            "methods": [m.value for m in found.methods],
            "skipped": [{"method": m.value, "reason": why} for m, why in found.skipped],
            "results": [
                {
                    "consensus_rank": s.consensus,
                    "slug": s.slug,
                    "name": s.name,
                    "borda": json_number(s.borda),
                    "ranks": {m.value: r for m, r in zip(found.methods, s.ranks, strict=True)},
                    "scores": {
                        m.value: json_number(x)
                        for m, x in zip(found.methods, s.scores, strict=True)
                    },
                    "best_rank": s.best,
                    "worst_rank": s.worst,
                }
                for s in view.standings
            ],
            "kendall_tau": [{"a": a.value, "b": b.value, "tau": t} for a, b, t in found.taus],
            "most_method_dependent": [s.slug for s in found.dependent],
            **screen_doc(view.screen),
        }
    )


def portfolio(view: PortfolioView, env: Environment | None = None) -> str:
    found = view.analysis
    return to_json(
        {
            "dataset": view.dataset,
            "method": found.method.value,
            "missing_policy": found.policy.value,
            "size": found.size,
            "among": list(found.among),
            "included": list(found.included),
            "samples": found.samples,
            "seed": found.seed,
            "spread": found.spread,
            "vary": found.vary.value,
            "value_spread": found.value_spread,
            "between_stakeholders": list(found.between),
            "weights": found.weights,
            "portfolios": view.total,
            "results": [
                {
                    "rank": i + 1,
                    "slugs": list(p.slugs),
                    "names": list(p.names),
                    "coverage": p.coverage,
                    "mean_best": json_number(p.mean_best),
                    "p05_best": json_number(p.p05_best),
                    "alike": [
                        {"criterion": k, "low": json_number(lo), "high": json_number(hi)}
                        for k, lo, hi in p.alike
                    ],
                }
                for i, p in enumerate(view.results)
            ],
            **screen_doc(view.screen),
        }
    )
