"""A parsed document as database rows, and back.

``document_rows(doc)`` runs in a parse worker and gives every row the database
needs (documents, nodes, tasks, task_departments, warnings, and the search
bigrams), with references by position so the writer only numbers and inserts
them. ``document_of(...)`` builds the ``Document`` back from those rows: for the
seeds and generated notices, ``document_of(rows of d) == d`` (tested).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .searchindex import bigrams


@dataclass
class Rows:
    """Everything stored for one parsed content (``sha256``)."""

    sha256: str
    document: dict[str, Any]          # documents columns (first_node/nodes set on insert)
    nodes: list[tuple]                # seq, id, parent seq, depth, kind, label, number, title,
                                      # text, line_start, line_end, heading, depts, cells
    tasks: list[tuple]                # node seq, text, tag, deadline, due, note, line
    departments: list[tuple]          # task seq, seq, name, canonical, role, kind
    warnings: list[tuple]             # seq, code, line, message, snippet
    search: list[tuple]               # node seq, title bigrams, body bigrams


if TYPE_CHECKING:  # reading rows back needs no model: only writing them does
    from ..model import Document


def document_rows(doc: Document) -> Rows:
    """The rows of one document (``doc.source.sha256`` identifies it)."""
    from ..model import document_summary, heading_paths
    data = doc.to_dict()
    summary = document_summary(doc)
    paths = heading_paths(doc)
    nodes, tasks, departments, search = [], [], [], []
    stack: list[tuple[dict, int | None, int]] = [(n, None, 0) for n in reversed(data["nodes"])]
    while stack:  # pre-order, as Document.walk
        node, parent, depth = stack.pop()
        seq = len(nodes)
        depts = dict.fromkeys(d["canonical"] or d["name"]
                              for t in node["tasks"] for d in t["departments"])
        nodes.append((seq, node["id"], parent, depth, node["kind"], node["label"],
                      node["number"], node["title"], node["text"], node["lines"][0],
                      node["lines"][1], paths[node["id"]],
                      "|" + "|".join(depts) + "|" if depts else "", _json(node.get("cells"))))
        search.append((seq, bigrams(node["title"] or ""), bigrams(node["text"])))
        for task in node["tasks"]:
            task_seq = len(tasks)
            tasks.append((seq, task["text"], task["tag"], task.get("deadline"), task.get("due"),
                          task.get("note"), node["lines"][0]))
            departments += [(task_seq, i, d["name"], d.get("canonical"), d["role"], d.get("kind"))
                            for i, d in enumerate(task["departments"])]
        stack += [(child, seq, depth + 1) for child in reversed(node["children"])]
    meta, source = data["meta"], data["source"]
    document = {"sha256": source["sha256"] or doc.id, "title": meta["title"],
                "notice_title": meta["notice_title"], "doc_number": meta["doc_number"],
                "issuer": meta["issuer"], "date": meta["date"], "published": meta["published"],
                "year": meta["year"], "script": source["script"], "encoding": source["encoding"],
                "format": source.get("format", "text"),
                **{k: summary[k] for k in ("sections", "subsections", "items", "articles", "tasks",
                                           "warnings")},
                "meta": _json(meta), "dropped": _json(data["dropped"])}
    warnings = [(i, w["code"], w["line"], w["message"], w["snippet"])
                for i, w in enumerate(data["warnings"])]
    return Rows(document["sha256"], document, nodes, tasks, departments, warnings, search)


def summary_of(document: dict[str, Any]) -> dict[str, Any]:
    """The summary ``ipcli list`` shows, from a documents row (as ``document_summary``)."""
    return {"year": document["year"], "date": document["date"],
            "published": document["published"],
            "doc_number": document["doc_number"], "title": document["title"],
            "script": document["script"], "sections": document["sections"],
            "subsections": document["subsections"], "items": document["items"],
            "articles": document["articles"], "tasks": document["tasks"],
            "warnings": document["warnings"]}


def document_of(document: dict[str, Any], nodes: list[tuple], tasks: list[tuple],
                departments: list[tuple], warnings: list[tuple]) -> Document:
    """The ``Document`` rebuilt from its rows read back in order (nodes by seq, tasks
    by seq, departments by (task, seq)), objects made straight from the tuples (``diff``
    reads 2,000 documents: building ``to_dict()`` first cost ~0.5 s); ``id`` and
    ``source.path`` are the caller's. A damaged row raises ValueError, TypeError,
    KeyError or IndexError."""
    from ..model import Diagnostic, Dropped, Node
    node_tasks = _node_tasks(tasks, departments)
    built: list = []
    roots: list = []
    for seq, node_id, parent, _, kind, label, number, title, text, start, end, *_, cells in nodes:
        node = Node(node_id, kind, label, number, title, text or "", (start, end),
                    node_tasks.get(seq, []), [], None if cells is None else dict(json.loads(cells)))
        built.append(node)
        (roots if parent is None else built[parent].children).append(node)
    doc = _bare(document)
    doc.nodes = roots
    doc.warnings = [Diagnostic(c, line, m, s) for _, c, line, m, s in warnings]
    doc.dropped = [Dropped.from_dict(x) for x in json.loads(document["dropped"])]
    return doc


def flat_document_of(document: dict[str, Any], nodes: list[tuple], tasks: list[tuple],
                     departments: list[tuple]) -> tuple[Document, list]:
    """(the ``Document`` without nodes, warnings and dropped lines; its ``FlatNode``
    list) from its rows: ``nodes`` as (seq, id, parent, kind, label, title, text),
    the rest as for ``document_of``; heading paths made again from the labels and
    titles, as ``heading_paths`` makes them (``diff`` reads 2,000 documents this way
    in half the time). ``flat_document_of(rows of d)[1] == flat_nodes(d)`` (tested)."""
    from ..model import FlatNode
    node_tasks = _node_tasks(tasks, departments)
    paths: list[str] = []
    flat = []
    for seq, node_id, parent, kind, label, title, text in nodes:
        head = ((label or "") + (title or "")).strip() or kind
        path = head if parent is None else f"{paths[parent]} > {head}"
        paths.append(path)
        flat.append(FlatNode(node_id, kind, path, title, text or "", node_tasks.get(seq, [])))
    return _bare(document), flat


def _bare(document: dict[str, Any]) -> Document:
    """The ``Document`` of a documents row, without nodes, warnings or dropped lines."""
    from ..model import Document, Meta, Source
    return Document(None, Source(None, document["sha256"], document["encoding"],
                                 document["script"], document["format"] or "text"),
                    Meta.from_dict(json.loads(document["meta"])))


def _node_tasks(tasks: list[tuple], departments: list[tuple]) -> dict[int, list]:
    """Node seq → its ``Task`` objects, with their departments."""
    from ..model import DeptRef, Task
    by_task: dict[int, list] = {}
    for task_seq, _, name, canonical, role, kind in departments:
        by_task.setdefault(task_seq, []).append(DeptRef(name, canonical, role, kind))
    node_tasks: dict[int, list] = {}
    for task_seq, (node_seq, text, tag, deadline, due, note, _) in enumerate(tasks):
        node_tasks.setdefault(node_seq, []).append(
            Task(text, tag, by_task.get(task_seq, []), deadline, due, note))
    return node_tasks


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
