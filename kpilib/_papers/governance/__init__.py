"""The governance-report paper type (Lancashire's layout): found by the registry through PAPER_TYPE in paper.py."""
