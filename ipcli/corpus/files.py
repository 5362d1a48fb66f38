"""Where documents come from and what their ids are.

Corpus, in order: ``--corpus DIR`` / ``IPCLI_CORPUS``, ``./seeds`` when it
exists, else the seeds installed with the package. Files: ``*.txt``, ``*.md``,
``*.html``/``*.htm``, ``*.docx``, ``*.pdf`` and ``*.xlsx``, recursively; files
ipcli cannot read but a user would expect it to (``.doc``, ``.wps``, ``.ofd``,
images…) are found too, so that each is reported with how to convert it.
``README``/``LICENSE``-like files, Office lock files (``~$x.docx``) and hidden
folders are skipped. A document's id is its file stem (the relative
path without suffix when two stems clash, with it when that clashes too, as for
``notice.txt`` beside ``notice.pdf``; a name still taken gets ``~2``):
``seeds/cnipa-2022-work-points.txt`` → ``cnipa-2022-work-points``.
"""
from __future__ import annotations

import os
import re
import stat
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


class Corpus:
    """A corpus folder as scanned: its notice files in order (each with its ``stat``,
    so that freshness checks need no second system call), what was skipped and why,
    and ``paths`` (id → path), computed when first asked for: a warm run whose
    folder matches the database's listing takes the ids stored there instead."""

    def __init__(self, root: Path, origin: str, stats: dict[str, os.stat_result] | None = None,
                 skipped: list[tuple[str, str]] | None = None):
        self.root, self.origin = root, origin
        self.stats = stats if stats is not None else {}  # path (as found) → stat, in order
        self.skipped = skipped if skipped is not None else []  # (path, why): never silent
        self._paths: dict[str, str] | None = None

    @property
    def paths(self) -> dict[str, str]:
        """id → path (as found), in the files' order."""
        if self._paths is None:
            self._paths = _ids(os.fspath(self.root), list(self.stats))
        return self._paths

    @paths.setter
    def paths(self, value: dict[str, str]) -> None:
        self._paths = value

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
        stats, skipped = walk(root)
        return cls(root, origin, stats, skipped)


def discover(root: Path) -> dict[str, str]:
    """id → path for every notice file under ``root``."""
    stats, _ = walk(root)
    return _ids(os.fspath(root), list(stats))


def walk(root: Path) -> tuple[dict[str, os.stat_result], list[tuple[str, str]]]:
    """Every notice file under ``root`` with its ``stat``, in the order of their paths
    compared name by name (``sorted(key=lambda p: p.split(os.sep))``: ``a/z.txt``
    before ``a-b.txt``), and what was skipped and why.

    The walk is iterative (a corpus 1,000 folders deep is fine), visits each folder's
    entries sorted by name (so no sort of the whole list is needed), does not follow
    symlinked folders (no loops), and keeps only regular files: a FIFO, a device or
    a symlink to one is skipped and reported, never opened.
    """
    files: dict[str, os.stat_result] = {}
    skipped: list[tuple[str, str]] = []
    stack = [_folder(os.fspath(root), files, skipped)]
    while stack:
        sub = next(stack[-1], None)
        if sub is None:
            stack.pop()
        else:
            stack.append(_folder(sub, files, skipped))
    return files, skipped


def _folder(path: str, files: dict, skipped: list):
    """Record one folder's notice files in name order, yielding each sub-folder as
    it comes (the caller walks it before this folder goes on)."""
    try:
        with os.scandir(path) as found:
            items = sorted((entry.name, entry) for entry in found if entry.name[0] != ".")
    except OSError as exc:
        skipped.append((display_path(path), exc.strerror or str(exc)))
        return
    for name, item in items:
        try:
            if item.is_dir(follow_symlinks=False):
                if not name.startswith("__"):
                    yield item.path
            elif _is_notice_name(name):
                info = item.stat()  # follows a symlink to what it names
                if stat.S_ISREG(info.st_mode):
                    files[item.path] = info
                else:
                    skipped.append((display_path(item.path), describe_mode(info.st_mode)))
        except OSError as exc:
            skipped.append((display_path(item.path), exc.strerror or str(exc)))


def _is_notice_name(name: str) -> bool:
    """A notice by its suffix; not a README, nor an Office lock file (``~$通知.docx``)."""
    return (name.lower().endswith(SUFFIXES) and not name.startswith("~$")
            and not _NOT_NOTICES.match(name))


def _ids(root: str, files: list[str]) -> dict[str, str]:
    """File stems as ids; the relative path when two stems clash, and with its suffix
    when even that clashes (``n.txt`` and ``n.html``). Undecodable bytes in a name
    appear as ``\\xNN`` so that ids can always be printed. Ids are in ``files`` order."""
    def clashing(names) -> set[str]:
        seen: dict[str, int] = {}
        for name in names:
            seen[name] = seen.get(name, 0) + 1
        return {name for name, n in seen.items() if n > 1}

    stems = [os.path.splitext(os.path.basename(f))[0] for f in files]
    clash = clashing(stems)
    relative = {f: os.path.relpath(f, root).replace(os.sep, "/") for f, s in zip(files, stems)
                if s in clash}
    bare = {f: os.path.splitext(r)[0] for f, r in relative.items()}
    twins = clashing(bare.values())
    ids: dict[str, str] = {}
    for path, stem in zip(files, stems, strict=True):
        name = display_path(stem if stem not in clash else (
            relative[path] if bare[path] in twins else bare[path]))
        if name in ids:  # a.txt.md's stem is a.txt's id; bad\xff.txt is named so
            name = _unused(ids, display_path(os.path.relpath(path, root).replace(os.sep, "/")))
        ids[name] = path
    return ids


def _unused(ids: dict[str, str], name: str) -> str:
    """``name``, else ``name~2``, ``name~3``…: the first not yet an id (no file is
    ever hidden behind another's id)."""
    number = 1
    found = name
    while found in ids:
        number += 1
        found = f"{name}~{number}"
    return found
