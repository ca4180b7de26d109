"""Weights: specs and profiles, weights from judgements (elicitation), a group's
weights, and saving a profile. Below the dataset: reads one only through its shape."""
