"""Datasets: the schema, loading and checking a TOML file, requirements."""
