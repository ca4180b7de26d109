"""Scores for many weight vectors at once (numpy), through the method's own
vectorised form (see :mod:`mlsourcing.mcda.methods`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mlsourcing.mcda import methods
from mlsourcing.mcda.scoring import Model

Floats = npt.NDArray[np.float64]


def positions_matrix(model: Model) -> Floats:
    """Destinations x criteria matrix of normalised positions."""
    if model.matrix is not None:  # prepared in numpy: the matrix is there already
        found: Floats = model.matrix[0]
        return found
    matrix: Floats = np.array(list(model.positions.values()), dtype=np.float64).T
    return matrix


def batch_scores(
    model: Model, positions: Floats, weights: Floats, gaps: Floats | None = None
) -> Floats:
    """Scores (draws x destinations) for each row of ``weights`` (draws x criteria).

    Draws are rows, so that each draw's scores lie contiguous in memory for the sort.
    ``gaps``: TOPSIS's, when ``positions`` come from a draw of values (else the model's).
    """
    mask = None if model.present is None else np.array(model.present, dtype=np.float64)
    if gaps is None and model.gaps is not None:
        gaps = np.array(list(model.gaps.values()), dtype=np.float64)
    return methods.get(model.method).batch_scores(positions, weights, gaps, mask)
