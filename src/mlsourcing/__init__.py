"""mlsourcing: rank destinations for sourcing machine-learning engineers."""

__version__ = "1.6.0"
