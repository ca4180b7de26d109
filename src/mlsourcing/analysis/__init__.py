"""Analyses of a ranking: robustness under drawn weights and values, tipping
points, agreement across methods, stakeholders' concordance, and what changed
between two versions of a dataset. numpy is imported here, never at start-up."""
