"""Paper types: each one module of sections plus its notebook and templates, found through the registry."""
