"""rank --format json writes its results a column at a time: every line must be the
bytes the json encoder writes for the result's document."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlsourcing.data import dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda import scoring
from mlsourcing.mcda.methods import names as method_names
from mlsourcing.render.json.common import _share, result_doc
from mlsourcing.render.json.lines import numbers, result_lines
from mlsourcing.views.rankings import Headroom
from mlsourcing.vocab import Missing
from strategies import documents_for

ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
AWKWARD = [0.0, -0.0, 1.0, -3.0, 5500, 2.0**53, 2.0**53 - 1, 1e16, 1e-7, 0.1, 123.456, 1e300]


def same(text: str, expected: str) -> None:
    """The same JSON: equal values of the same types (an integer stays an integer),
    in the same order; bytes may differ only in how a float is spelt (1.2e-05)."""
    assert repr(json.loads(text)) == repr(json.loads(expected))


def test_numbers_are_written_as_the_encoder_writes_json_number() -> None:
    from mlsourcing.numbers import json_number

    given: list[float] = [*AWKWARD, -(2.0**53) + 1]
    column: list[float | int | None] = [*given, None]
    assert numbers(column) == [ENCODE(json_number(v)) for v in column]
    assert numbers(given, 9) == [ENCODE(json_number(round(v, 9))) for v in given]
    assert numbers([5500.0, 2.0**53]) == ["5500", "9007199254740992.0"]
    # rounded numbers within a million: plain decimals, the same values
    small = [0.0, -0.0, -1e-12, 1.0, 0.5, 1.2e-5, 99.123456789123, 0.1 + 0.2, 999_999.5]
    got = numbers(small, 9)
    assert got[:4] == ["0", "0", "0", "1"] and got[5] == "0.000012"
    for text, v in zip(got, small, strict=True):
        same(text, ENCODE(json_number(round(v, 9))))


@settings(max_examples=120, deadline=None)
@given(
    st.data(),
    st.sampled_from(list(method_names())),
    st.sampled_from(list(Missing)),
    st.booleans(),
    st.sampled_from(["", 'Ünïcode "quoted" \\ back', "\u2028 line", "tab\there"]),
)
def test_every_line_is_the_encoders(
    data: st.DataObject, method: str, missing: Missing, team: bool, odd: str
) -> None:
    doc = data.draw(documents_for(method, max_destinations=25, max_criteria=5))
    first = next(iter(doc["destinations"].values()))
    first["name"] = first["name"] + odd  # names are text, escaped as the encoder does
    free = [k for k, c in doc["criteria"].items() if "min" not in c and "max" not in c]
    for i, dest in enumerate(doc["destinations"].values()):
        ranged = [k for k in free if k in dest["values"]]
        if i % 3 == 0 and ranged and method != "wpm":  # some values as ranges
            value = dest["values"][ranged[0]]
            dest["values"][ranged[0]] = {"low": value - 1, "high": value + 1, "value": value}
    ds = dataset.from_document(doc)
    try:
        ranking = scoring.rank(ds, method=method, missing=missing)
    except InputError:
        return  # a dataset the method cannot score: nothing to write
    results = ranking.results
    headroom = None
    if team:
        key = next(iter(ds.criteria))
        values = {s: d.values.get(key) for s, d in ds.destinations.items()}
        headroom = Headroom(40, key, "Pool", "people", values)
    slugs = list(ds.destinations)
    dominated = {slugs[0]: ("Somebody", odd)} if len(slugs) > 1 else {}
    expected = [
        ENCODE(
            {
                **result_doc(r),
                **_share(headroom, r.slug),
                "dominated_by": list(dominated.get(r.slug, ())),
            }
        )
        for r in results
    ]
    lines = list(result_lines(results, headroom, dominated))
    assert len(lines) == len(expected)
    for line, want in zip(lines, expected, strict=True):
        same(line, want)
    from mlsourcing.render.json import lines as module

    module.CHUNK, chunk = 3, module.CHUNK
    try:  # three results at a time: the same lines
        assert list(result_lines(results, headroom, dominated)) == lines
    finally:
        module.CHUNK = chunk
    # a slice (rank --top N) writes its own rows only
    assert list(result_lines(results[:2], headroom, dominated)) == lines[:2]


def test_the_whole_document_still_parses(cli: Any) -> None:
    out = cli("rank", "--data", "open", "--team", "40", "-f", "json").stdout
    doc = json.loads(out)
    assert len(doc["results"]) == 101
    assert all("team_share" in r and "dominated_by" in r for r in doc["results"])


@given(st.lists(st.integers(1, 60), min_size=1, max_size=300), st.integers(1, 1000))
def test_a_rank_distribution_reads_and_writes_as_its_dict(draws: list[int], extra: int) -> None:
    """Shares, made from a sorted row of ranks (a draw each) or from counts by rank,
    is the dict rank -> round(count / draws, 9), and its JSON text the encoder's."""
    import numpy as np

    from mlsourcing.analysis.ranks import Shares, _from_sorted, _from_table
    from mlsourcing.render.json.lines import shares

    samples = len(draws)
    expected = {r: round(draws.count(r) / samples, 9) for r in sorted(set(draws))}
    row = np.array(sorted(draws), dtype=np.uint16)
    by_rank = np.bincount(np.array(draws), minlength=61).astype(np.int64)
    keys: list[str] = []
    for found in (Shares(_from_sorted(row), samples), Shares(_from_table(by_rank), samples)):
        assert dict(found) == expected and found == expected and len(found) == len(expected)
        assert bool(found) is bool(expected)  # never empty, said without counting
        assert found.get(extra + 60, 0.0) == 0.0
        text = shares(found, keys)
        assert text == ENCODE({str(k): v for k, v in expected.items()})
    assert shares(expected, keys) == ENCODE({str(k): v for k, v in expected.items()})


def _ranked_lines(n: int) -> tuple[Any, list[str]]:
    """A ranking of ``n`` destinations and its lines written in one process."""
    from mlsourcing.render.json import lines

    doc = {
        "criteria": {
            "x": {"label": "X", "direction": "benefit"},
            "y": {"label": "Y", "direction": "cost"},
        },
        "destinations": {
            f"d{i}": {"name": f"D{i}", "values": {"x": (i * 37) % 101, "y": (i * 11) % 53 + 1}}
            for i in range(n)
        },
    }
    results = scoring.rank(dataset.from_document(doc)).results
    return results, list(lines.result_lines(results))


def _forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists of 10 results and more written on two processors, 4 results a chunk."""
    from mlsourcing.render.json import lines

    monkeypatch.setattr(lines, "FORK_FROM", 10)
    monkeypatch.setattr(lines, "CHUNK", 4)
    monkeypatch.setattr(lines, "can_fork", lambda: True)


def test_a_long_list_is_written_on_two_processors_as_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From FORK_FROM results a child writes the second half: the same lines, in order."""
    from mlsourcing.render.json import lines

    results, alone = _ranked_lines(25)  # FORK_FROM is far above 25: one process
    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        forks.append(1)
        return real_fork()

    _forking(monkeypatch)
    monkeypatch.setattr(os, "fork", counted)
    assert list(lines.result_lines(results)) == alone
    assert forks == [1]


def test_where_the_child_stops_short_this_process_writes_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mlsourcing.render.json import lines

    results, alone = _ranked_lines(25)
    parent = os.getpid()
    made = lines._lines
    calls: list[int] = []

    def failing_in_the_child(*args: Any) -> Any:
        calls.append(1)
        if os.getpid() != parent and len(calls) == 2:  # the child's second chunk
            raise MemoryError("no memory left")
        return made(*args)

    _forking(monkeypatch)
    monkeypatch.setattr(lines, "_lines", failing_in_the_child)
    assert list(lines.result_lines(results)) == alone


def test_no_process_to_be_had_writes_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlsourcing.render.json import lines

    results, alone = _ranked_lines(25)

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    _forking(monkeypatch)
    monkeypatch.setattr(os, "fork", refused)
    assert list(lines.result_lines(results)) == alone


def test_items_from_a_child_and_where_they_stop() -> None:
    from mlsourcing.parallel import ChildFailed, ForkedItems

    def three() -> Any:
        yield [1, "a"]
        yield {"b": 2.5}
        yield "c"

    assert list(ForkedItems(three).items()) == [[1, "a"], {"b": 2.5}, "c"]

    def two_then_fail() -> Any:
        yield 1
        yield 2
        raise ValueError("broken")

    got: list[Any] = []
    with pytest.raises(ChildFailed, match="broken") as failed:
        got.extend(ForkedItems(two_then_fail).items())
    assert got == [1, 2] and failed.value.delivered == 2


def test_a_child_whose_items_are_not_wanted_is_stopped_and_reaped() -> None:
    import time

    from mlsourcing.parallel import ForkedItems

    def slow() -> Any:
        yield 1
        time.sleep(30)
        yield 2

    started = time.monotonic()
    later = ForkedItems(slow)
    pid = later.pid
    later.close()
    assert time.monotonic() - started < 10  # killed, not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
    assert later.file.closed


def test_a_list_left_half_read_stops_its_child(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlsourcing.parallel import ForkedItems
    from mlsourcing.render.json import lines

    results, alone = _ranked_lines(25)
    made: list[ForkedItems] = []

    class Recorded(ForkedItems):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            made.append(self)

    _forking(monkeypatch)
    monkeypatch.setattr(lines, "ForkedItems", Recorded)
    written = lines.result_lines(results)
    assert next(written) == alone[0]
    written.close()  # as emit does when the pipe closes
    assert len(made) == 1 and made[0].pid == 0 and made[0].file.closed
