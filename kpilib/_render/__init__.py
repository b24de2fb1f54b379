"""Rendering: wording, charts, HTML (and the PDF fetcher), shared by every paper type."""
