"""``--keep-script``: give a parsed document back its original characters.

Parsing always runs on Simplified text. Because OpenCC's t2s tables map every
string to one of the same length (see ``script``), the Simplified and the
original normalised text line up character by character, so each text field
can be cut from the original at the offsets where it sits in the Simplified
text: ``(保护司负责)`` becomes ``(保護司負責)`` again. Canonical department names
stay Simplified: they are registry keys, not quotations.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..model import Document
from ..text.normalize import NormalizedText
from .front import doc_number


class _Aligned:
    """Two equal-length texts; ``original(s, lo, hi)`` finds ``s`` in the first."""

    def __init__(self, simplified: str, original: str):
        self.simplified, self.original = simplified, original

    def original_of(self, value: str | None, lo: int = 0, hi: int | None = None) -> str | None:
        """``value`` in the original script; a title joined from wrapped lines is
        found across the line breaks."""
        if not value:
            return value
        pos = self.simplified.find(value, lo, hi if hi is not None else len(self.simplified))
        if pos >= 0:
            return self.original[pos:pos + len(value)]
        if len(value) > 300:
            return value
        wrapped = re.compile("\n?".join(map(re.escape, value)))
        match = wrapped.search(self.simplified, lo, hi if hi is not None else len(self.simplified))
        return value if match is None else self.original[match.start():match.end()].replace("\n", "")

    def find(self, value: str, lo: int, hi: int) -> int:
        return self.simplified.find(value, lo, hi)


def restore_script(doc: Document, norm: NormalizedText, spans: dict[str, list[int]]) -> None:
    """Rewrite the document's text fields in the original script, in place."""
    if norm.original_lines is None:
        return
    text = _Aligned("\n".join(norm.lines), "\n".join(norm.original_lines))
    for node in doc.walk():
        start, end = spans.get(node.id, (0, 0))
        if node.label:
            node.label = text.original[start - len(node.label):start]
        node.title = text.original_of(node.title, start, end)
        cursor = start
        for task in node.tasks:
            clause_at = text.find(task.text, cursor, end) if task.text else cursor
            tag_at = text.find(task.tag, max(clause_at, cursor), end)
            if tag_at < 0:
                continue
            if task.text and clause_at >= 0:
                task.text = text.original[clause_at:clause_at + len(task.text)]
            for dept in task.departments:
                dept.name = text.original_of(dept.name, tag_at, tag_at + len(task.tag))
            task.deadline = text.original_of(task.deadline, tag_at, tag_at + len(task.tag))
            task.note = text.original_of(task.note, tag_at, tag_at + len(task.tag))
            task.tag = text.original[tag_at:tag_at + len(task.tag)]
            cursor = tag_at + len(task.tag)
        node.text = text.original[start:end]
    meta = doc.meta
    printed = meta.doc_number_raw
    for name in ("title", "notice_title", "doc_number_raw", "issuer", "origin"):
        setattr(meta, name, text.original_of(getattr(meta, name)))
    if printed:  # the normalised 文号 with the printed one's characters: 國知發運字〔2020〕13號
        meta.doc_number = doc_number(printed, meta.doc_number_raw)
    meta.recipients = [text.original_of(r) for r in meta.recipients]
    meta.attachments = [text.original_of(a) for a in meta.attachments]
    starts = _line_starts(norm.lines)
    for entry in doc.dropped:  # cut from the entry's own lines, never from a twin elsewhere
        lo = starts[bisect_left(norm.line_numbers, entry.lines[0])]
        hi = starts[bisect_right(norm.line_numbers, entry.lines[1])] - 1
        entry.text = text.original_of(entry.text, lo, hi)


def _line_starts(lines: list[str]) -> list[int]:
    """Offset of each line in the joined text, plus one past the end."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts + [pos]
