"""View models: what each command shows, built from the results, read by the writers."""
