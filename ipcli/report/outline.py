"""A document's outline for the report: sections → subsections → items, with tasks.

``outline(doc)`` → ``{"id", "title", "doc_number", "nodes": [...]}`` where each node
is ``{"id": "3.6", "label": "(六)", "title": "健全知识产权保护政策", "kind", "tasks":
[{"text", "departments": [{"name": "知识产权保护司", "role": "responsible"}], "deadline",
"due"}], "children": [...], "count": tasks in the node and below}``. Front and back
matter (the wrapper notice, signature) are left out; a node without a title shows
the start of its text.
"""
from __future__ import annotations

from typing import Any

from ..model import Document, Node

TITLE_CHARS = 80


def outline(doc: Document) -> dict[str, Any]:
    nodes = [_node(n) for n in doc.nodes if n.kind not in ("front", "back")]
    return {"id": doc.id, "title": doc.meta.title or doc.id, "doc_number": doc.meta.doc_number,
            "nodes": nodes, "count": sum(n["count"] for n in nodes)}


def _node(node: Node) -> dict[str, Any]:
    children = [_node(c) for c in node.children]
    tasks = [{"text": t.text, "deadline": t.deadline, "due": t.due,
              "departments": [{"name": d.canonical or d.name, "role": d.role}
                              for d in t.departments]} for t in node.tasks]
    return {"id": node.id, "label": node.label or "", "kind": node.kind,
            "title": _shorten(node.title or node.text), "tasks": tasks, "children": children,
            "count": len(tasks) + sum(c["count"] for c in children)}


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"
