"""Counting each destination's ranks over many weight draws, in bounded memory.

Three ways, chosen by size (``counter``), all exact:

* :class:`RankMatrix` keeps every rank (2 bytes a cell) and sorts each
  destination's row: the fastest, while followed x draws stays within
  ``MATRIX_CELLS``;
* :class:`RankTable` counts ranks in a followed x ranks table, whatever the
  number of draws, while that table stays within ``TABLE_CELLS``;
* :class:`TwoPass` counts ranks in coarse bins on a first pass over the
  draws, then, on a second pass over the same draws (same seed), only the
  ranks inside the bins where each quantile falls: memory grows with the
  number of destinations, never with the number of draws. It gives the
  quantiles but not the full distribution.

Numpy is imported here, and this module only by :mod:`mlsourcing.analysis.robustness`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from mlsourcing.errors import Hint, InputError
from mlsourcing.mcda.scoring import DIGITS

Ranks = npt.NDArray[np.int64]


class Shares(Mapping[int, float]):
    """How often one destination took each rank: rank -> share of the draws (only the
    ranks it took), read from its counts when asked. Ten thousand destinations over
    a thousand draws take some 8 million (rank, share) pairs: as dicts they held a
    gigabyte; here each destination keeps a view of its counts, and its pairs are
    made only while they are read (and written)."""

    def __init__(self, counts: Callable[[], tuple[list[int], list[int]]], samples: int) -> None:
        self._counts = counts  # () -> (ranks taken, how often each), ranks ascending
        self.samples = samples
        self._dict: dict[int, float] | None = None

    def pairs(self) -> tuple[list[int], list[int]]:
        """The ranks taken, ascending, and how many draws took each."""
        return self._counts()

    def share_of(self, counts: list[int]) -> dict[int, float]:
        """count -> its share of the draws, rounded as every share is, for the counts
        :meth:`pairs` gave (a few distinct ones, however many ranks)."""
        return {c: round(float(c) / self.samples, DIGITS) for c in set(counts)}

    def _as_dict(self) -> dict[int, float]:
        if self._dict is None:
            ranks, counts = self.pairs()
            share = self.share_of(counts)
            self._dict = dict(zip(ranks, map(share.__getitem__, counts), strict=True))
        return self._dict

    def __getitem__(self, rank: int) -> float:
        return self._as_dict()[rank]

    def __iter__(self) -> Iterator[int]:
        return iter(self.pairs()[0])

    def __len__(self) -> int:
        return len(self.pairs()[0])

    def __bool__(self) -> bool:
        """Every draw gives a rank: never empty (said without counting the ranks)."""
        return self.samples > 0

    def __repr__(self) -> str:
        return f"Shares({self._as_dict()!r})"


def _from_sorted(row: npt.NDArray[np.integer]) -> Callable[[], tuple[list[int], list[int]]]:
    """A sorted row of ranks (one a draw) to (ranks taken, counts), when called."""

    def counts() -> tuple[list[int], list[int]]:
        values, found = np.unique(row, return_counts=True)
        return values.tolist(), found.tolist()

    return counts


def _from_table(row: npt.NDArray[np.int64]) -> Callable[[], tuple[list[int], list[int]]]:
    """A row of counts by rank (index = rank) to (ranks taken, counts), when called."""

    def counts() -> tuple[list[int], list[int]]:
        taken = np.flatnonzero(row)
        return taken.tolist(), row[taken].tolist()

    return counts


MATRIX_CELLS = 25_000_000  # followed x draws kept as ranks (50 MB as uint16)
TABLE_CELLS = 6_000_000  # followed x ranks counted in a table (48 MB)
BINS = 256  # coarse bins of the first of two passes


class RankMatrix:
    """Every rank kept, destinations x draws; sorted, a row gives its quantiles."""

    passes = 1

    def __init__(self, followed: int, destinations: int, samples: int) -> None:
        dtype = np.uint16 if destinations < 2**16 else np.uint32
        self.ranks = np.empty((followed, samples), dtype=dtype)
        self.done = 0

    def add(self, ranks: Ranks, pass_: int = 0) -> None:
        n = ranks.shape[0]
        self.ranks[:, self.done : self.done + n] = ranks.T
        self.done += n

    def finish(self, pass_: int = 0) -> None:
        self.ranks.sort(axis=1)

    def quantiles(self, at: Sequence[int]) -> list[Ranks]:
        return [self.ranks[:, a].astype(np.int64) for a in at]

    def distribution(self, j: int, samples: int) -> Shares:
        return Shares(_from_sorted(self.ranks[j]), samples)


class RankTable:
    """How often each followed destination took each rank: a followed x ranks table."""

    passes = 1

    def __init__(self, followed: int, destinations: int) -> None:
        self.base = destinations + 1
        self.table = np.zeros(followed * self.base, dtype=np.int64)
        self.followed = followed

    def add(self, ranks: Ranks, pass_: int = 0) -> None:
        keys = (np.arange(ranks.shape[1], dtype=np.int64) * self.base + ranks).ravel()
        self.table += np.bincount(keys, minlength=self.table.shape[0])

    def finish(self, pass_: int = 0) -> None:
        self.cum = np.cumsum(self.table.reshape(self.followed, self.base), axis=1)

    def quantiles(self, at: Sequence[int]) -> list[Ranks]:
        # the (a+1)-th smallest rank: the first rank whose running count passes a
        return [(self.cum <= a).sum(axis=1).astype(np.int64) for a in at]

    def distribution(self, j: int, samples: int) -> Shares:
        return Shares(_from_table(self.table[j * self.base : (j + 1) * self.base]), samples)


class TwoPass:
    """Coarse bins first, then the ranks inside each quantile's bin."""

    passes = 2

    def __init__(self, followed: int, destinations: int, at: Sequence[int]) -> None:
        self.followed = followed
        self.bins = min(BINS, destinations)
        self.width = -(-destinations // self.bins)  # ranks per bin, rounded up
        self.at = list(at)
        self.coarse = np.zeros(followed * self.bins, dtype=np.int64)

    def add(self, ranks: Ranks, pass_: int = 0) -> None:
        bins = (ranks - 1) // self.width
        if pass_ == 0:
            keys = np.arange(self.followed, dtype=np.int64) * self.bins + bins
            self.coarse += np.bincount(keys.ravel(), minlength=self.coarse.shape[0])
            return
        for q, (low_bin, fine) in enumerate(zip(self.low_bins, self.fine, strict=True)):
            inside = bins == low_bin  # draws x followed
            offsets = (ranks - 1 - low_bin * self.width)[inside]
            who = np.nonzero(inside)[1]
            fine += np.bincount(who * self.width + offsets, minlength=fine.shape[0])
            self.fine[q] = fine

    def finish(self, pass_: int = 0) -> None:
        if pass_ == 0:
            cum = np.cumsum(self.coarse.reshape(self.followed, self.bins), axis=1)
            self.low_bins = [(cum <= a).sum(axis=1) for a in self.at]  # each quantile's bin
            self.before = [
                np.where(b > 0, cum[np.arange(self.followed), np.maximum(b - 1, 0)], 0)
                for b in self.low_bins
            ]
            self.fine = [np.zeros(self.followed * self.width, dtype=np.int64) for _ in self.at]
            return
        self.result = []
        for a, low_bin, before, fine in zip(
            self.at, self.low_bins, self.before, self.fine, strict=True
        ):
            cum = np.cumsum(fine.reshape(self.followed, self.width), axis=1)
            offset = (cum <= (a - before)[:, None]).sum(axis=1)
            self.result.append((low_bin * self.width + offset + 1).astype(np.int64))

    def quantiles(self, at: Sequence[int]) -> list[Ranks]:
        return self.result

    def distribution(self, j: int, samples: int) -> Shares:
        raise NotImplementedError("two passes give quantiles, not the distribution")


Counter = RankMatrix | RankTable | TwoPass


def counter(
    followed: int, destinations: int, samples: int, at: Sequence[int], distribution: bool
) -> Counter:
    """The fastest exact way to count that fits the memory budget."""
    if followed * samples <= MATRIX_CELLS:
        return RankMatrix(followed, destinations, samples)
    if followed * (destinations + 1) <= TABLE_CELLS:
        return RankTable(followed, destinations)
    if distribution:
        raise InputError(
            "distribution",
            f"the full rank distribution of {followed:,} destinations over {samples:,} draws "
            "is too large to hold",
            Hint("; follow fewer destinations ({0}) or draw fewer weights", "top"),
        )
    return TwoPass(followed, destinations, at)


def batch_ranks(scores: npt.NDArray[np.float64], rounded: bool = False) -> npt.NDArray[np.int64]:
    """Competition ranks (1, 1, 3) along each row of a draws x destinations matrix,
    of scores compared to ``DIGITS`` decimals (``rounded``: they already are).

    One sort a row, ascending and read backwards (ties may come in any order: they
    get one rank); a row without ties takes its ranks straight from its order."""
    if not rounded:
        scores = np.round(scores, DIGITS)
    n, m = scores.shape
    order = np.argsort(scores, axis=1)[:, ::-1]  # best first
    at = order + (np.arange(n, dtype=np.intp) * m)[:, None]  # places in the flat matrix
    ordered = scores.ravel()[at]
    ties = ordered[:, 1:] == ordered[:, :-1]
    ranks = np.empty(n * m, dtype=np.int64)
    if not ties.any():
        ranks[at] = np.arange(1, m + 1)
    else:  # a tie takes the place of the first of its run
        starts = np.ones((n, m), dtype=bool)
        starts[:, 1:] = ~ties
        first = np.where(starts, np.arange(m), 0)
        np.maximum.accumulate(first, axis=1, out=first)
        ranks[at] = first + 1
    return ranks.reshape(n, m)
