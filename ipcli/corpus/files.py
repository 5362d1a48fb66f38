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
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..readers.files import describe_mode, display_path

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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why) never silent

    @classmethod
    def locate(cls, option: str | None) -> "Corpus":
        if option is not None:
            root, origin = Path(option), "--corpus"
            try:
                usable = bool(option.strip()) and root.is_dir() and os.access(root, os.R_OK | os.X_OK)
            except OSError:
                usable = False
            if not usable:
                raise UsageError(f"corpus {display_path(root)!r} is not a folder we may read",
                                 "pass --corpus DIR (or IPCLI_CORPUS) naming a folder of notices")
        elif Path("seeds").is_dir():
            root, origin = Path("seeds"), "./seeds"
        else:
            root, origin = bundled_seeds(), "bundled seeds"
        paths, skipped = scan(root)
        return cls(root, origin, paths, skipped)


def discover(root: Path) -> dict[str, Path]:
    """id → path for every notice file under ``root``."""
    return scan(root)[0]


def scan(root: Path) -> tuple[dict[str, Path], list[tuple[str, str]]]:
    """id → path for every notice file under ``root``, and what was skipped and why.

    The walk is iterative (a corpus 1,000 folders deep is fine), does not follow
    symlinked folders (no loops), and keeps only regular files: a FIFO, a device
    or a symlink to one is skipped and reported, never opened.
    """
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as found:
                items = sorted(found, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            skipped.append((display_path(folder), exc.strerror or str(exc)))
            continue
        for item in items:
            if item.name.startswith("."):
                continue
            try:
                if item.is_dir(follow_symlinks=False):
                    if not item.name.startswith("__"):
                        stack.append(Path(item.path))
                elif _is_notice_name(item.name):
                    mode = os.stat(item.path).st_mode
                    if stat.S_ISREG(mode):
                        files.append(Path(item.path))
                    else:
                        skipped.append((display_path(item.path), describe_mode(mode)))
            except OSError as exc:
                skipped.append((display_path(item.path), exc.strerror or str(exc)))
    files.sort(key=lambda p: p.parts)
    return _ids(root, files), skipped


def _is_notice_name(name: str) -> bool:
    """A notice by its suffix; not a README, nor an Office lock file (``~$通知.docx``)."""
    return (name.lower().endswith(SUFFIXES) and not name.startswith("~$")
            and not _NOT_NOTICES.match(name))


def _ids(root: Path, files: list[Path]) -> dict[str, Path]:
    """File stems as ids; the relative path when two stems clash, and with its suffix
    when even that clashes (``n.txt`` and ``n.html``). Undecodable bytes in a name
    appear as ``\\xNN`` so that ids can always be printed."""
    def clashing(names: list[str]) -> set[str]:
        seen: dict[str, int] = {}
        for name in names:
            seen[name] = seen.get(name, 0) + 1
        return {name for name, n in seen.items() if n > 1}

    stems = clashing([p.stem for p in files])
    bare = [p.relative_to(root).with_suffix("").as_posix() for p in files]
    twins = clashing(bare)
    ids = {}
    for path, name in zip(files, bare, strict=True):
        if path.stem not in stems:
            name = path.stem
        elif name in twins:
            name = path.relative_to(root).as_posix()
        ids[display_path(name)] = path
    return ids
