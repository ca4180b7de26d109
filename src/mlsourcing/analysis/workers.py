"""Ranking chunks of draws on a second core (:class:`Workers`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from mlsourcing.analysis.ranks import Ranks
from mlsourcing.mcda.batch import Floats
from mlsourcing.parallel import processors, threads


class Workers:
    """Ranks chunks of draws on a second core while the next chunk is scored: numpy
    sorts without holding the interpreter lock. Results come back in the order the
    chunks went in, so that what is counted, and so the output, is the same as on
    one core. Small datasets rank in line (a thread costs more than it saves)."""

    AT_LEAST = 2_000  # destinations: fewer are ranked in line

    def __init__(self, m: int) -> None:
        self.threaded = m >= self.AT_LEAST and processors() >= 2
        self.pending: list[tuple[int, Any]] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for _, future in self.pending:  # left by an error: not wanted any more
            future.cancel()
        self.pending.clear()

    def run(
        self, rank: Callable[[Floats], Ranks], s: Floats, done: int
    ) -> Iterator[tuple[int, Ranks]]:
        """Rank ``s`` (draws up to ``done``); the chunks finished by now, in order."""
        if not self.threaded:
            yield done, rank(s)
            return
        try:
            future = threads().submit(rank, s)
        except RuntimeError:  # no thread to be had (a process limit): in line, in order
            yield from self.drain()
            yield done, rank(s)
            return
        self.pending.append((done, future))
        while len(self.pending) > 2:
            finished, future = self.pending.pop(0)
            yield finished, future.result()

    def drain(self) -> Iterator[tuple[int, Ranks]]:
        while self.pending:
            finished, future = self.pending.pop(0)
            yield finished, future.result()
