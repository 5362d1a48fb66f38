"""Where documents come from and what their ids are.

Corpus, in order: ``--corpus DIR`` / ``IPCLI_CORPUS``, ``./seeds`` when it
exists, else the seeds installed with the package. Files: ``*.txt``, ``*.md``,
``*.html``/``*.htm``, ``*.docx``, ``*.pdf`` and ``*.xlsx``, recursively; files
ipcli cannot read but a user would expect it to (``.doc``, ``.wps``, ``.ofd``,
images…) are found too, so that each is reported with how to convert it.
``README``/``LICENSE``-like files, Office lock files (``~$x.docx``) and hidden
folders are skipped. A document's id is its file stem (the relative
path without suffix when two stems clash, with it when that clashes too, as for
``notice.txt`` beside ``notice.pdf``): ``seeds/cnipa-2022-work-points.txt`` →
``cnipa-2022-work-points``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

READABLE = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".xlsx")
# Found so that they are reported (with how to convert them), never skipped silently.
UNREADABLE = (".doc", ".wps", ".xls", ".et", ".ofd", ".png", ".jpg", ".jpeg", ".gif",
              ".tif", ".tiff", ".bmp", ".webp")
SUFFIXES = READABLE + UNREADABLE
_NOT_NOTICES = re.compile(r"^(readme|changelog|license|licence|contributing|authors)\b", re.I)


def bundled_seeds() -> Path:
    """The seeds shipped with the package (``ipcli/seeds`` once installed)."""
    package = Path(__file__).resolve().parent.parent  # ipcli/
    for candidate in (package / "seeds", package.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return package / "seeds"


@dataclass
class Corpus:
    root: Path
    origin: str
    paths: dict[str, Path] = field(default_factory=dict)  # id → path

    @classmethod
    def locate(cls, option: str | None) -> "Corpus":
        if option:
            root, origin = Path(option), "--corpus"
            if not root.is_dir():
                raise UsageError(f"corpus {root} is not a folder",
                                 "pass --corpus DIR (or IPCLI_CORPUS) naming a folder of notices")
        elif Path("seeds").is_dir():
            root, origin = Path("seeds"), "./seeds"
        else:
            root, origin = bundled_seeds(), "bundled seeds"
        return cls(root, origin, discover(root))


def discover(root: Path) -> dict[str, Path]:
    """id → path for every notice file under ``root``."""
    files = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(names):
            if name.lower().endswith(SUFFIXES) and not name.startswith((".", "~$")) \
                    and not _NOT_NOTICES.match(name):
                files.append(Path(folder) / name)
    return dict(zip(_ids(files, root), files, strict=True))


def _ids(files: list[Path], root: Path) -> list[str]:
    """The stem; the relative path without suffix when stems clash; with the suffix
    when that clashes too (``notice.txt`` beside ``notice.pdf``)."""
    def counts(keys):
        found: dict[str, int] = {}
        for key in keys:
            found[key] = found.get(key, 0) + 1
        return found
    stems = counts(p.stem for p in files)
    relative = [p.relative_to(root).with_suffix("").as_posix() for p in files]
    clashes = counts(relative)
    return [p.stem if stems[p.stem] == 1 else rel if clashes[rel] == 1
            else p.relative_to(root).as_posix() for p, rel in zip(files, relative, strict=True)]
