"""Chinese punctuation in everything printed: ``高标准落实《意见》,…(保护司负责)`` →
``高标准落实《意见》，…（保护司负责）``.

The parser reads width-folded text (ASCII ``,():;!?``: every rule is written for
it). At the end of parsing, these seven marks are given back their Chinese
forms ``，（）：；！？`` where they stand in Chinese text (GB/T 15834 applies to
"the Chinese part of mixed Chinese and foreign text"); they stay ASCII inside a
Latin/number run. Decided per line, from the nearest character on each side that
is neither a space nor one of the seven marks:

- ``,;:!?`` is Chinese when either of those characters is Chinese (CJK, ``、。《》“”``…)
  or the mark touches a bracket made Chinese: ``2020年,`` → ``2020年，``,
  ``电话:010`` → ``电话：010``; but ``1,000``, ``9:00``, ``http://…?id=3`` stay;
- a pair of brackets is Chinese when the character before it, the character after
  it or anything inside it is Chinese: ``(保护司负责)`` → ``（保护司负责）``,
  ``组织(WIPO)共同`` → ``组织（WIPO）共同``, ``(1)研究论证`` → ``（1）研究论证``,
  ``指引(2020)`` → ``指引（2020）``; but ``Patent Cooperation Treaty (PCT)`` and
  ``f(x)`` stay (brackets around Latin text in Chinese print are full width, as the
  notices themselves print ``（TISC）``); an unpaired bracket is decided as ``,``.

Each mark is replaced by one character, so offsets and ``lines`` stay valid and
``punctuate_document`` can cut every field of a parsed document from its
punctuated line at the same place (the way ``keepscript`` restores the script).
"""
from __future__ import annotations

import re

from ..model import Document, Node, text_segments

_FULL = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？"}
_MARK = re.compile(r"[,():;!?]")
_CHINESE_RANGES = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
                   "\uff00-\uffef\u201c\u201d\u2018\u2019\u2026\u2014\u00b7"
                   "\U00020000-\U0003ffff")
_CHINESE = re.compile(f"[{_CHINESE_RANGES}]")
_REAL = "".join(  # Chinese characters other than those seven marks: U+FF00–FFEF without them
    ["\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
     "\u201c\u201d\u2018\u2019\u2026\u2014\u00b7\U00020000-\U0003ffff",
     "\uff00\uff02-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uffef"])
_SUSPECT = re.compile(  # a translated mark with no such character right beside it
    f"[{''.join(_FULL.values())}](?<![{_REAL}].)(?![{_REAL}])")
_SKIP = frozenset(" ,():;!?")


def punctuate(text: str) -> str:
    """``text`` with the marks that stand in Chinese text in their Chinese forms,
    line by line (a context never crosses a line break).

    Fast path: every mark is translated, then only the lines holding a mark with no
    Chinese character right beside it (``1,000``, ``(TISC)`` after a space, nested
    brackets) are decided again from the original line. On the other lines each mark
    touches a Chinese character, which makes it Chinese by the rules above.
    """
    if text.isascii() or not _MARK.search(text):
        return text
    translated = text
    for ascii_mark, chinese in _FULL.items():  # str.replace: 10× faster than translate here
        if ascii_mark in translated:
            translated = translated.replace(ascii_mark, chinese)
    suspect = _SUSPECT.search(translated)
    if suspect is None:
        return translated
    pieces, done = [], 0
    while suspect is not None:
        start = text.rfind("\n", 0, suspect.start()) + 1
        end = text.find("\n", suspect.start())
        end = len(text) if end < 0 else end
        pieces += [translated[done:start], _line(text[start:end])]
        done = end
        suspect = _SUSPECT.search(translated, end)
    pieces.append(translated[done:])
    return "".join(pieces)


def _line(line: str) -> str:
    marks = [m.start() for m in _MARK.finditer(line)]
    if not marks or line.isascii():
        return line
    left, right = _contexts(line, marks)
    chinese = _brackets(line, marks, left, right)
    for k, pos in enumerate(marks):
        if line[pos] not in "()" and (left[k] or right[k] or _touches(line, pos, chinese)):
            chinese.add(pos)
    for pos in reversed(marks):  # a run of marks ending at a Chinese one: (:,…） in context
        if line[pos] not in "()" and pos not in chinese and _touches(line, pos, chinese):
            chinese.add(pos)
    if not chinese:
        return line
    pieces, prev = [], 0
    for pos in sorted(chinese):
        pieces += [line[prev:pos], _FULL[line[pos]]]
        prev = pos + 1
    pieces.append(line[prev:])
    return "".join(pieces)


def _contexts(line: str, marks: list[int]) -> tuple[list[bool], list[bool]]:
    """For each mark: is the nearest character before / after it that is neither a
    space nor a mark Chinese? Linear: a run of marks shares one answer."""
    index = {pos: k for k, pos in enumerate(marks)}
    left: list[bool] = [False] * len(marks)
    for k, pos in enumerate(marks):
        q = pos - 1
        while q >= 0 and line[q] == " ":
            q -= 1
        left[k] = left[index[q]] if q in index else q >= 0 and bool(_CHINESE.match(line, q))
    right: list[bool] = [False] * len(marks)
    for k in range(len(marks) - 1, -1, -1):
        q = marks[k] + 1
        while q < len(line) and line[q] == " ":
            q += 1
        right[k] = right[index[q]] if q in index else (
            q < len(line) and bool(_CHINESE.match(line, q)))
    return left, right


def _brackets(line: str, marks: list[int], left: list[bool], right: list[bool]) -> set[int]:
    """Positions of the brackets that become Chinese (see the module docstring)."""
    chinese_before = [0] * (len(marks) + 1)  # Chinese characters before mark k, as a count
    prev = 0
    for k, pos in enumerate(marks):
        found = _CHINESE.search(line, prev, pos) is not None
        chinese_before[k + 1] = chinese_before[k] + found
        prev = pos + 1
    out: set[int] = set()
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for k, pos in enumerate(marks):
        char = line[pos]
        if char == "(":
            stack.append(k)
        elif char == ")":
            if not stack:
                if left[k] or right[k]:
                    out.add(pos)
                continue
            o = stack.pop()
            pairs.append((marks[o], pos))
            inside = chinese_before[k + 1] - chinese_before[o + 1] > 0
            if left[o] or right[k] or inside:
                out.update((marks[o], pos))
    for o in stack:  # unclosed
        if left[o] or right[o]:
            out.add(marks[o])
    pairs.sort()  # a pair right after or before a Chinese one: 中心（TISC）（WIPO）
    for opening, closing in pairs:
        if opening not in out and _touches(line, opening, out):
            out.update((opening, closing))
    for opening, closing in reversed(pairs):
        if closing not in out and _touches(line, closing, out):
            out.update((opening, closing))
    return out


def _touches(line: str, pos: int, chinese: set[int]) -> bool:
    """The mark at ``pos`` stands right beside a mark made Chinese: a bracket outside
    it (``）,`` ``:（``) or inside it (``（:`` ``,）``), or another mark of its run."""
    q = pos - 1
    while q >= 0 and line[q] == " ":
        q -= 1
    if q >= 0 and q in chinese:  # (only marks are ever in ``chinese``)
        return True
    q = pos + 1
    while q < len(line) and line[q] == " ":
        q += 1
    return q < len(line) and q in chinese


# --- the document ----------------------------------------------------------------------
def punctuate_document(doc: Document) -> Document:
    """Every printed text field of ``doc`` with Chinese punctuation, in place.

    The text the tree and the dropped entries hold is punctuated line by line
    (segments sharing a line together, as ``rebuild_text`` joins them), so
    ``rebuild_text(doc) == punctuate(normalised text)``; fields cut from a node's
    text (title, task text, tag, names, deadline, note, cells) are cut from its
    punctuated text at the same offsets, others punctuated on their own.
    """
    batch: list[tuple[object, str, bool]] = []  # (owner, text, starts a new line)
    size, prev_end = 0, None
    for (start, end), text, owner in text_segments(doc):
        new_line = prev_end is not None and start != prev_end
        if new_line and size > _BATCH:
            _apply(batch)
            batch, size, new_line = [], 0, False
        batch.append((owner, text, new_line))
        size += len(text) + 1
        prev_end = end
    _apply(batch)
    meta = doc.meta
    for name in ("title", "notice_title", "doc_number", "doc_number_raw", "issuer", "origin"):
        setattr(meta, name, _own(getattr(meta, name)))
    meta.recipients = [punctuate(r) for r in meta.recipients]
    meta.attachments = [punctuate(a) for a in meta.attachments]
    for warning in doc.warnings:  # ``numbering-gap: （三） skips ahead…`` as the label prints
        warning.snippet, warning.message = _own(warning.snippet), _own(warning.message)
    return doc


_BATCH = 1 << 16  # characters punctuated at once: few calls, bounded memory


def _own(value: str | None) -> str | None:
    return punctuate(value) if value else value


def _apply(batch: list[tuple[object, str, bool]]) -> None:
    """Punctuate a run of segments as one text (a newline where the next starts a new
    line, nothing between segments sharing one), then hand each its part."""
    joined = "".join(("\n" + text) if new_line else text for _, text, new_line in batch)
    printed = punctuate(joined)
    if printed == joined:
        return
    pos = 0
    for owner, text, new_line in batch:
        pos += new_line
        new = printed[pos:pos + len(text)]
        pos += len(text)
        if new == text:
            continue
        if isinstance(owner, Node):
            _node(owner, new)
        else:
            owner.text = new


def _node(node: Node, printed: str) -> None:
    """Give ``node`` its punctuated label and text, and re-cut the fields inside them."""
    cut = len(node.label or "")
    if node.label:
        node.label = printed[:cut]
    old, new = node.text, printed[cut:]
    node.text = new
    node.title = _recut(old, new, node.title)
    cursor = 0
    for task in node.tasks:
        at = old.find(task.text, cursor) if task.text else -1
        task.text = new[at:at + len(task.text)] if at >= 0 else _own(task.text)
        tag_at = old.find(task.tag, max(at, cursor)) if task.tag else -1
        tag = old[tag_at:tag_at + len(task.tag)] if tag_at >= 0 else None
        for dept in task.departments:
            dept.name = _inside(tag, tag_at, old, new, dept.name)
        task.deadline = _inside(tag, tag_at, old, new, task.deadline)
        task.note = _inside(tag, tag_at, old, new, task.note)
        if tag_at >= 0:
            task.tag = new[tag_at:tag_at + len(task.tag)]
            cursor = tag_at + len(task.tag)
        else:
            task.tag = _own(task.tag)
    if node.cells is not None:
        node.cells = {punctuate(k): _recut(old, new, v) for k, v in node.cells.items()}


def _recut(old: str, new: str, value: str | None) -> str | None:
    """``value`` (a part of ``old``) as it reads in ``new``; punctuated on its own
    when it is not a part of ``old``."""
    if not value:
        return value
    at = old.find(value)
    return new[at:at + len(value)] if at >= 0 else punctuate(value)


def _inside(tag: str | None, tag_at: int, old: str, new: str, value: str | None) -> str | None:
    """A field printed inside the tag (a name, a deadline): cut from the tag's place."""
    if not value:
        return value
    at = tag.find(value) if tag is not None else -1
    if at < 0:
        return punctuate(value)
    return new[tag_at + at:tag_at + at + len(value)]
