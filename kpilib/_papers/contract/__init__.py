"""The contract-KPI paper type: its sections, found by the registry through PAPER_TYPE in paper.py."""
