"""Build the node tree from body lines: nesting, ids from numbering, numbering checks.

``TreeBuilder.add_line(i, "(六)健全知识产权保护政策。高标准落实…")`` opens a
subsection under the current section; a line without a marker continues the
deepest open node. Ids come from the numbers: section ``3``, its subsection
``3.6``, an item under it ``3.6.15``; inside a part ``p3/…``; bullets ``3.6.b2``.
Regulations: chapter ``c1`` (第一章), division ``c1.d2`` (第二节), article
``c1.d2.a7`` (第七条), and ``(一)`` under that article ``c1.d2.a7.1``.
A repeated number gets ``~2`` so ids stay unique.

Numbering may restart at 1 under each new parent or run on across parents
(items 1–115 over seven sections; articles across chapters); later siblings
must count up by one. Anything else — a gap, a repeat, a step back — becomes a
``numbering-gap`` / ``numbering-duplicate`` / ``numbering-order`` warning.

Every step is linear: continuation lines are collected and joined once when
their node is finished, and a repeated id finds its next free ``~n`` suffix
from a per-id counter instead of probing ``~2``, ``~3``… each time.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Diagnostic, Node
from .rules import Marker, heading_title, is_part_line, split_markers
from .wrapping import continues, wrap_width, wrapped_title

_LOCAL_PREFIX = {"chapter": "c", "division": "d", "article": "a"}


@dataclass
class _Open:
    rank: int
    node: Node
    bullets: int = 0
    more: list[str] = field(default_factory=list)  # continuation lines, joined at the end
    full: bool = False  # its line fills a hard-wrapped text's width: the title may go on


class TreeBuilder:
    """Turns body lines into nodes and records each node's span in the full text.

    ``offsets[i]`` is where line ``i`` starts in ``"\\n".join(lines)``; spans (node id →
    ``[start, end)``) give tasks their line numbers and ``--keep-script`` its offsets.
    Without ``offsets`` no spans are kept.
    """

    def __init__(self, lines: list[str], numbers, offsets=None):
        self.lines, self.numbers, self.offsets = lines, numbers, offsets
        self.roots: list[Node] = []
        self.spans: dict[str, tuple[int, int]] = {}
        self.warnings: list[Diagnostic] = []
        self._stack: list[_Open] = []
        self._ids: set[str] = set()
        self._repeats: dict[str, int] = {}  # id → last ~n suffix given
        self._scope = ""
        self._parts = 0
        self._last: dict[tuple, int] = {}
        self._root_bullets = 0
        self._messages: dict[str, str] = {}  # one string per distinct warning message
        self.wrap = wrap_width(lines)  # columns, when the text is hard-wrapped
        self._paragraph: tuple[int, Node, list[str]] | None = None  # the last, its line, lines

    # -- lines ---------------------------------------------------------------
    def add_line(self, i: int) -> None:
        line = self.lines[i]
        if is_part_line(line):
            self._open_part(i)
            return
        markers = split_markers(line, self.lines[i - 1] if i else "")
        if not markers or (self.wrap is not None and i and continues(self.lines[i - 1], self.wrap)
                           and not self._fits(markers[0])):
            self._continue(i)  # (a cut sentence goes on: 第四条和 | 第十二条的规定…)
            return
        for k, marker in enumerate(markers):
            end = markers[k + 1].start if k + 1 < len(markers) else len(line)
            self._open(i, marker, line[marker.end:end])

    def add_node(self, node: Node, i: int, j: int, skip: int = 0) -> None:
        """A node built elsewhere (front, back, paragraph) covering lines i..j; ends open nodes.

        ``skip``: characters of line ``i`` before the node's text (a dropped prefix).
        """
        self.close()
        self._register(node)
        self.roots.append(node)
        self._span(node.id, i, skip, j, len(self.lines[j]))

    def close(self) -> None:
        """End all open nodes: the next plain line starts a new paragraph."""
        while self._stack:
            self._pop()
        self._end_paragraph()

    def _end_paragraph(self) -> None:
        """A hard-wrapped paragraph's lines join its text once, when it ends."""
        if self._paragraph is not None:
            _, node, lines = self._paragraph
            if len(lines) > 1:
                node.text = "\n".join(lines)
            self._paragraph = None

    # -- internals -----------------------------------------------------------
    def _span(self, node_id: str, i: int, start: int, j: int, end: int) -> None:
        if self.offsets is not None:
            self.spans[node_id] = (self.offsets[i] + start, self.offsets[j] + end)

    def _span_of(self, i: int) -> tuple[int, int]:
        n = self.numbers[i]  # one int object for both ends
        return (n, n)

    def _pop(self) -> None:
        """Finish the deepest open node: its continuation lines join its text once."""
        entry = self._stack.pop()
        if entry.more:
            if entry.full:
                entry.node.title = wrapped_title(entry.node.text, entry.more, self.wrap) \
                    or entry.node.title
            entry.node.text = "\n".join([entry.node.text, *entry.more])

    def _open_part(self, i: int) -> None:
        self.close()
        self._parts += 1
        self._scope = f"p{self._parts}/"
        line = self.lines[i]
        node = Node(f"p{self._parts}", "part", None, self._parts, line, line,
                    self._span_of(i))
        self._register(node)
        self.roots.append(node)
        self._span(node.id, i, 0, i, len(line))
        self._stack.append(_Open(0, node))

    def _open(self, i: int, marker: Marker, text: str) -> None:
        while self._stack and self._stack[-1].rank >= marker.rank:
            self._pop()
        parent = self._stack[-1] if self._stack else None
        node_id = self._node_id(marker, parent)
        title = _title(marker, text)
        node = Node(node_id, marker.kind, marker.label, marker.number, title, text,
                    self._span_of(i))
        self._check_number(marker, parent, i)
        (parent.node.children if parent else self.roots).append(node)
        self._span(node.id, i, marker.end, i, marker.end + len(text))
        full = (self.wrap is not None and marker.kind != "article" and title is not None
                and marker.end + len(text) == len(self.lines[i]) and continues(self.lines[i], self.wrap))
        self._stack.append(_Open(marker.rank, node, full=full))

    def _continue(self, i: int) -> None:
        if not self._stack:  # text before any heading in the body: a paragraph
            last = self._paragraph
            if last is not None and last[0] == i - 1 and continues(self.lines[i - 1], self.wrap):
                self._wrap_on(i)  # a hard-wrapped paragraph goes on
                return
            node = Node(f"{self._scope}para{self.numbers[i]}", "paragraph",
                        None, None, None, self.lines[i], self._span_of(i))
            self.add_node(node, i, i)
            self._paragraph = (i, node, [self.lines[i]])
            return
        top = self._stack[-1]
        top.more.append(self.lines[i])
        top.node.lines = (top.node.lines[0], self.numbers[i])
        if self.offsets is not None:
            start = self.spans[top.node.id][0]
            self.spans[top.node.id] = (start, self.offsets[i] + len(self.lines[i]))

    def _wrap_on(self, i: int) -> None:
        """Line ``i`` continues the hard-wrapped paragraph before it."""
        _, node, lines = self._paragraph
        lines.append(self.lines[i])
        node.lines = (node.lines[0], self.numbers[i])
        if self.offsets is not None:
            self.spans[node.id] = (self.spans[node.id][0], self.offsets[i] + len(self.lines[i]))
        self._paragraph = (i, node, lines)

    def _node_id(self, marker: Marker, parent: _Open | None) -> str:
        if marker.kind == "bullet":
            if parent:
                parent.bullets += 1
                count = parent.bullets
            else:
                self._root_bullets += 1
                count = self._root_bullets
            local = f"b{count}"
        else:
            local = f"{_LOCAL_PREFIX.get(marker.kind, '')}{marker.number}"
        if parent and parent.node.kind != "part":
            return self._unique(f"{parent.node.id}.{local}")
        return self._unique(f"{self._scope}{local}")

    def _unique(self, node_id: str) -> str:
        """``node_id``, or ``node_id~n`` with the next free n (remembered per id)."""
        if node_id not in self._ids:
            self._ids.add(node_id)
            return node_id
        n = self._repeats.get(node_id, 1)
        while True:
            n += 1
            candidate = f"{node_id}~{n}"
            if candidate not in self._ids:
                break
        self._repeats[node_id] = n
        self._ids.add(candidate)
        return candidate

    def _register(self, node: Node) -> None:
        node.id = self._unique(node.id)

    def _fits(self, marker: Marker) -> bool:
        """Whether a numbering marker would be the next number where it stands (a
        marker at the start of a hard-wrapped line that goes on a cut sentence must
        be, or it is text: ``第十二条的规定`` after ``第二条``); a bullet never is."""
        if marker.number is None:
            return False
        parent = next((e for e in reversed(self._stack) if e.rank < marker.rank), None)
        expected, _, _ = self._expected(marker, parent)
        return expected is None or marker.number in expected

    def _expected(self, marker: Marker, parent: _Open | None):
        """(the numbers that may come next or None for any, the keys, the previous)."""
        kind_key = (self._scope, marker.kind, marker.rank)  # (1) and 1) count apart
        parent_key = (*kind_key, parent.node.id if parent else "")
        in_parent, overall = self._last.get(parent_key), self._last.get(kind_key)
        if overall is None:
            return None, (kind_key, parent_key), None  # the first may start anywhere
        if in_parent is not None:  # a later sibling: the next number, nothing else
            return {in_parent + 1}, (kind_key, parent_key), in_parent
        return {1, overall + 1}, (kind_key, parent_key), overall  # restart, or run on

    def _check_number(self, marker: Marker, parent: _Open | None, i: int) -> None:
        if marker.number is None:
            return
        n = marker.number
        expected, keys, previous = self._expected(marker, parent)
        for k in keys:
            self._last[k] = n
        if expected is None or n in expected:
            return
        code, what = (("numbering-duplicate", "repeats") if n == previous else
                      ("numbering-gap", "skips ahead of") if n > previous else
                      ("numbering-order", "goes back before"))
        message = f"{marker.label.strip()} {what} the previous {marker.kind} number {previous}"
        self.warnings.append(Diagnostic(code, self.numbers[i],
                                        self._messages.setdefault(message, message),
                                        self.lines[i][:40]))


def _title(marker: Marker, text: str) -> str | None:
    """A heading's title; an article has one only when it is bracketed:
    ``第三条【适用范围】本办法适用于…`` → ``适用范围``; ``第三条 本办法适用于…`` → None."""
    if marker.kind == "article":
        return article_caption(text)
    return heading_title(text) or None


def article_caption(text: str) -> str | None:
    """``【适用范围】…`` / ``(适用范围)…`` at the start of an article → the caption."""
    closing = {"(": ")", "【": "】"}.get(text[:1])
    end = text.find(closing, 1) if closing else -1
    if end > 1:
        caption = text[1:end]
        if len(caption) <= 20 and not any(c in caption for c in "。,;:"):
            return caption
    return None
