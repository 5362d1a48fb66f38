"""Find a document's nodes by id or by the label printed in the notice.

``find_nodes(doc, "3.6")`` → the node with id 3.6; ``find_nodes(doc, "（六）")``
and ``find_nodes(doc, "(六)")`` → every node labelled ``（六）``; ``"三"`` finds ``三、``.
Labels compare in either script and width, with or without the trailing ``、`` / ``．``. Several labels separated by spaces, ``/`` or the label's own
``、`` name a path, as does a bracket: ``"二 (一)"``, ``"二、（一）"`` and ``"二（一）"`` are the
``(一)`` under ``二、``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Node
from ..text.query import normalize_query

_TRAILING = "、.。,，:：;； "
_SEPARATORS = re.compile(r"[\s/]+|(?<=[、.])|(?<=\S)(?=\()")  # after normalising: ．→ ., （→ (


def label_key(label: str) -> str:
    """``（六）`` → ``(六)``, ``三、`` → ``三``, ``壹．`` → ``壹``: the form labels compare in."""
    return normalize_query(label).strip().rstrip(_TRAILING)


def find_nodes(doc: Document, ref: str) -> list[Node]:
    """The node with id ``ref``, else every node whose label (path) matches ``ref``."""
    node = doc.find(ref.strip())
    if node is not None:
        return [node]
    parts = [label_key(p) for p in _SEPARATORS.split(normalize_query(ref)) if label_key(p)]
    if not parts:
        return []
    return [node for node, path in _labelled(doc.nodes, ())
            if path[-1] == parts[-1] and _in_order(parts[:-1], path[:-1])]


def _labelled(nodes: list[Node], above: tuple[str, ...]) -> Iterator[tuple[Node, tuple]]:
    """Every labelled node with the label keys of its labelled ancestors and its own."""
    for node in nodes:
        path = above + (label_key(node.label),) if node.label else above
        if node.label:
            yield node, path
        yield from _labelled(node.children, path)


def _in_order(wanted: list[str], path: tuple[str, ...]) -> bool:
    """Whether ``wanted`` occurs in ``path`` in this order (not necessarily adjacent)."""
    rest = iter(path)
    return all(any(step == w for step in rest) for w in wanted)
