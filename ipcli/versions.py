"""The version numbers caches key on, importable without the document model.

``PARSER_VERSION`` ("9") names the parse output: bump it whenever a parse of the
same bytes would differ, or a file's id would (the stored listings hold ids), and
every cached parse is made again; ``SCHEMA`` (1) is
the version of ``Document.to_dict()``, printed as ``schema: 1`` by ``ipcli parse``.
"""
from __future__ import annotations

SCHEMA = 1
PARSER_VERSION = "9"  # bump whenever parse output changes: cached parses key on it
