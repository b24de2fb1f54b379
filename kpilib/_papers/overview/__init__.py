"""The contract-overview paper type (Barnet's layout): found by the registry through PAPER_TYPE in paper.py."""
