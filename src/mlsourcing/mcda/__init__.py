"""Multi-criteria decision analysis: normalisation, the scoring methods (one module
each, in :mod:`mlsourcing.mcda.methods`), ranking, and dominance."""
