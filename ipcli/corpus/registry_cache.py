"""The department registry, compiled once per version of its files and kept as JSON.

``compiled_registry(None, cache_dir)`` → the same ``Registry`` as
``Registry.shared()``, read from ``registry-<signature>.json`` in the cache folder
(a few milliseconds) instead of parsing the YAML (tens of milliseconds, and the
YAML library's import) on every run. The signature hashes the registry files'
bytes, so an edited registry compiles again; a damaged or foreign file is
ignored and written again.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..parse.registry import Registry, signature


def compiled_registry(extra: str | None, folder: Path | None) -> Registry:
    """The registry (bundled + ``extra`` or the user's), compiled through ``folder``."""
    if folder is None:
        return Registry.shared(extra)
    path = folder / f"registry-{signature(extra)}.json"
    try:
        return Registry.from_data(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    registry = Registry.load(extra)  # not the per-process memo: the file may have changed
    _write(path, registry.to_data())
    return registry


def _write(path: Path, data: dict) -> None:
    """Write aside and rename (another process may be reading it); failures only cost
    the next run a parse."""
    import tempfile  # only when the registry changed (~4 ms to import on every run)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".registry-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass
