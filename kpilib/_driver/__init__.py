"""The build driver and command line: Papermill, publishing, the importer, the demo generator."""
