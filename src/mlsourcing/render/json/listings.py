"""JSON writers of the commands that list or compare beyond one ranking: profiles,
criteria, datasets, diff, weigh, stakeholders, methods and portfolio (re-exported
by :mod:`mlsourcing.render.json`, the table's module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsourcing.numbers import json_number
from mlsourcing.render.json.common import column_docs, screen_doc, to_json

if TYPE_CHECKING:
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
                    "requirements": list(p.requirements),
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
                    "figures": r.figures or None,
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
