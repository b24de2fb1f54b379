"""Hostile and foreign input: no script in a paper, no crash when two builds meet, bounded work."""
