"""The build driver and command line: Papermill, publishing, the importer, the demo generator."""

import sys

# Papermill -> nbformat -> jsonschema imports rfc3987_syntax, which spends seconds building a
# grammar, only to check 'iri' string formats; jsonschema skips that check when the import fails,
# and no schema here uses it. Set here, before any module of the driver imports jsonschema
# (kpilib/__init__.py imports batch.py, which reads council.yml schemas, before build.py).
sys.modules.setdefault("rfc3987_syntax", None)
