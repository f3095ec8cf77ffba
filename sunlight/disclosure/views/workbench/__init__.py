"""The staff workbench of proactive disclosure: documents.py, guide.py, imports.py."""
