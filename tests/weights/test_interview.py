"""The interactive pairwise questions, answered by a script: stopping, going back,
and what is said of the weights while some pairs are still unjudged."""

from __future__ import annotations

import builtins
import io

import pytest

from mlsourcing.cli.weights import _asker
from mlsourcing.errors import UsageError
from mlsourcing.render.env import Environment
from mlsourcing.weights import interview

KEYS = ["a", "b", "c"]


def scripted(answers: list[str]) -> tuple[list[str], list[str]]:
    """Run the interview on ``answers``; what it asked and what it said."""
    asked: list[str] = []
    said: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return answers.pop(0)

    try:
        interview.interview(KEYS, ask, said.append)
    finally:
        said.append("(ended)")
    return asked, said


@pytest.mark.parametrize("at", [["q"], ["1", "q"], ["1", "3", "2", "Q"]])
def test_q_stops_at_either_question(at: list[str]) -> None:
    with pytest.raises(UsageError, match="stopped before every pair was judged"):
        scripted(list(at))


def test_the_consistency_ratio_is_given_once_every_pair_is_judged() -> None:
    _, said = scripted(["1", "3", "1", "5", "=", "(unused)"])
    progress = [s for s in said if s.startswith("  Weights")]
    assert len(progress) == 3
    assert all("once every pair is judged" in s for s in progress[:2])
    assert "consistency ratio 0." in progress[2] and "once" not in progress[2]


def test_ctrl_c_at_a_question_ends_its_line_first(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(builtins, "input", interrupted)
    env = Environment(io.StringIO(), io.StringIO())
    with pytest.raises(KeyboardInterrupt):
        _asker(env)("Which matters more? ")
    assert isinstance(env.stdout, io.StringIO) and env.stdout.getvalue() == "\n"
