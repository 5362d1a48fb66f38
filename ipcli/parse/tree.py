"""Build the node tree from body lines: nesting, ids from numbering, numbering checks.

``TreeBuilder.add_line(i, "(六)健全知识产权保护政策。高标准落实…")`` opens a
subsection under the current section; a line without a marker continues the
deepest open node. Ids come from the numbers: section ``3``, its subsection
``3.6``, an item under it ``3.6.15``; inside a part ``p3/…``; bullets ``3.6.b2``.
A repeated number gets ``~2`` so ids stay unique.

Numbering may restart at 1 under each new parent or run on across parents
(items 1–115 over seven sections); later siblings must count up by one. Anything
else — a gap, a repeat, a step back — becomes a ``numbering-gap`` /
``numbering-duplicate`` / ``numbering-order`` warning.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Diagnostic, Node
from .rules import Marker, heading_title, is_part_line, split_markers


@dataclass
class _Open:
    rank: int
    node: Node
    bullets: int = 0


class TreeBuilder:
    """Turns body lines into nodes; records each node's span in the full text."""

    def __init__(self, lines: list[str], numbers: list[int], offsets: list[int]):
        self.lines, self.numbers, self.offsets = lines, numbers, offsets
        self.roots: list[Node] = []
        self.spans: dict[str, list[int]] = {}  # node id → [start, end) in full text
        self.warnings: list[Diagnostic] = []
        self._stack: list[_Open] = []
        self._ids: set[str] = set()
        self._scope = ""
        self._parts = 0
        self._last: dict[tuple, int] = {}
        self._root_bullets = 0

    # -- lines ---------------------------------------------------------------
    def add_line(self, i: int) -> None:
        line = self.lines[i]
        if is_part_line(line):
            self._open_part(i)
            return
        markers = split_markers(line)
        if not markers:
            self._continue(i)
            return
        for k, marker in enumerate(markers):
            end = markers[k + 1].start if k + 1 < len(markers) else len(line)
            self._open(i, marker, line[marker.end:end])

    def add_node(self, node: Node, i: int, j: int) -> None:
        """A node built elsewhere (front, back, paragraph) covering lines i..j."""
        self._register(node)
        self.roots.append(node)
        self.spans[node.id] = [self.offsets[i], self.offsets[j] + len(self.lines[j])]

    def close(self) -> None:
        """End all open nodes: the next plain line starts a new paragraph."""
        self._stack.clear()

    # -- internals -----------------------------------------------------------
    def _open_part(self, i: int) -> None:
        self._stack.clear()
        self._parts += 1
        self._scope = f"p{self._parts}/"
        line = self.lines[i]
        node = Node(f"p{self._parts}", "part", None, self._parts, line, line,
                    (self.numbers[i], self.numbers[i]))
        self._register(node)
        self.roots.append(node)
        self.spans[node.id] = [self.offsets[i], self.offsets[i] + len(line)]
        self._stack.append(_Open(0, node))

    def _open(self, i: int, marker: Marker, text: str) -> None:
        while self._stack and self._stack[-1].rank >= marker.rank:
            self._stack.pop()
        parent = self._stack[-1] if self._stack else None
        node_id = self._node_id(marker, parent)
        title = heading_title(text) or None
        node = Node(node_id, marker.kind, marker.label, marker.number, title, text,
                    (self.numbers[i], self.numbers[i]))
        self._check_number(marker, parent, i)
        (parent.node.children if parent else self.roots).append(node)
        start = self.offsets[i] + marker.end
        self.spans[node.id] = [start, start + len(text)]
        self._stack.append(_Open(marker.rank, node))

    def _continue(self, i: int) -> None:
        if not self._stack:  # text before any heading in the body: a paragraph
            node = Node(f"{self._scope}para{self.numbers[i]}", "paragraph",
                        None, None, None, self.lines[i], (self.numbers[i], self.numbers[i]))
            self.add_node(node, i, i)
            return
        node = self._stack[-1].node
        node.text += "\n" + self.lines[i]
        node.lines = (node.lines[0], self.numbers[i])
        self.spans[node.id][1] = self.offsets[i] + len(self.lines[i])

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
            local = str(marker.number)
        if parent and parent.node.kind != "part":
            return self._unique(f"{parent.node.id}.{local}")
        return self._unique(f"{self._scope}{local}")

    def _unique(self, node_id: str) -> str:
        candidate, n = node_id, 1
        while candidate in self._ids:
            n += 1
            candidate = f"{node_id}~{n}"
        self._ids.add(candidate)
        return candidate

    def _register(self, node: Node) -> None:
        node.id = self._unique(node.id)

    def _check_number(self, marker: Marker, parent: _Open | None, i: int) -> None:
        if marker.number is None:
            return
        kind_key = (self._scope, marker.kind)
        parent_key = (*kind_key, parent.node.id if parent else "")
        n = marker.number
        in_parent, overall = self._last.get(parent_key), self._last.get(kind_key)
        self._last[parent_key] = self._last[kind_key] = n
        if overall is None:
            return  # the first of its kind may start anywhere (excerpts)
        if in_parent is not None:  # a later sibling: the next number, nothing else
            expected = {in_parent + 1}
        else:  # the first under a new parent: restart at 1, or run on
            expected = {1, overall + 1}
        if n in expected:
            return
        previous = in_parent if in_parent is not None else overall
        code, what = (("numbering-duplicate", "repeats") if n == previous else
                      ("numbering-gap", "skips ahead of") if n > previous else
                      ("numbering-order", "goes back before"))
        self.warnings.append(Diagnostic(
            code, self.numbers[i], f"{marker.label} {what} the previous {marker.kind} "
            f"number {previous}", self.lines[i][:40]))
