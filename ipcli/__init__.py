"""ipcli: structure, tasks, search and diff for Chinese IP policy notices.

The public API, importable from here::

    from ipcli import parse_file
    doc = parse_file("seeds/cnipa-2020-hq-guideline.txt")
    doc.meta.doc_number                      # '国知发运字〔2020〕13号'
    [t.departments[0].canonical for n in doc.walk() for t in n.tasks][:1]

Names are loaded on first use (PEP 562), so ``import ipcli`` costs nothing and a
command that never parses never imports the parser.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "parse_text": "ipcli.parse.parser", "parse_file": "ipcli.parse.parser",
    "parse_bytes": "ipcli.parse.parser",
    "Document": "ipcli.model", "Node": "ipcli.model", "Task": "ipcli.model",
    "DeptRef": "ipcli.model", "Meta": "ipcli.model", "Source": "ipcli.model",
    "Diagnostic": "ipcli.model", "Dropped": "ipcli.model", "rebuild_text": "ipcli.model",
    "SCHEMA": "ipcli.versions", "PARSER_VERSION": "ipcli.versions",
    "Registry": "ipcli.parse.registry", "normalize": "ipcli.text.normalize",
    "compare": "ipcli.analyses.diff",
    "IpcliError": "ipcli.errors", "InputError": "ipcli.errors", "UsageError": "ipcli.errors",
    "NotFound": "ipcli.errors", "ConfigError": "ipcli.errors",
}
__all__ = ["__version__", *_API]

def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'ipcli' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
