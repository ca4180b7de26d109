"""mlsourcing: rank destinations for sourcing machine-learning engineers."""

__version__ = "1.5.0"
