"""Weights: specs and profiles, weights from judgements (elicitation), a group's
weights, and saving a profile into a dataset file."""
