"""kpilib: scoring and paper-building library for council KPI committee papers."""

__version__ = "0.1.0"
