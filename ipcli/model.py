"""The parsed document as plain data, and its output schema.

Everything here is data: no I/O, no printing. ``Document.to_dict()`` gives the
structure that ``ipcli parse`` prints and ``Document.from_dict()`` reads it back
(``from_dict(d.to_dict()) == d``).

Schema (version ``SCHEMA``), key order as printed::

    schema: 1
    id: cnipa-2020-hq-guideline            # file stem
    source: {path, sha256, encoding, script, format}  # script of the ORIGINAL
                                           # text: simplified | traditional | mixed;
                                           # format: text|html|docx|pdf|xlsx;
                                           # encoding: null for docx, pdf, xlsx
    meta:
      title: 推动知识产权高质量发展年度工作指引(2020)   # the document itself
      notice_title: 国家知识产权局关于印发《…》的通知     # wrapper notice, or null
      doc_number: 国知发运字〔2020〕13号                 # 发文字号 as X〔YYYY〕N号, or null
      doc_number_raw: 国知发运字〔2020〕13号             # the 文号 as printed ([2020], spaces…)
      issuer: 国家知识产权局                             # or null
      date: 2020-04-20        # signed date (ISO; 成文日期), or null
      published: null         # website posting date (发布日期), or null
      year: 2020              # from date, else published, else title; or null
      recipients: [...]       # 主送机关
      attachments: [...]      # 附件 titles
      origin: null            # the body named by a "来源:" line, if any
    warnings: [{code, line, message, snippet}]
    nodes:                    # the tree, in document order
      - id: "2"               # from the numbering, unique in the document:
                              # 2, 2.3, 2.3.15; p3/… in a part; c1, c1.d2,
                              # c1.d2.a7 for 第一章 / 第二节 / 第七条; t1 tables
        kind: section         # front|part|chapter|division|article|section|
                              # subsection|item|subitem|bullet|paragraph|back|
                              # table|row
        label: 二、            # the marker as normalised, or null
        number: 2             # the marker's value, or null
        title: 强化推动知识产权高质量发展的指标导向     # or null
        text: ...             # the node's own text after the label (title
                              # included), children excluded, verbatim
        lines: [26, 26]       # 1-based span of the node's own text in the
                              # ORIGINAL file (HTML: the page source; DOCX,
                              # PDF, XLSX: the text read from the file)
        cells: {序号: '1', …}  # rows only (other nodes omit the key):
                              # column header → value, merged cells carried
        tasks: [{text, tag, departments: [{name, canonical, role, kind}],
                 deadline, due, note}]
        children: [...]
    dropped: [{lines: [1, 9], reason: site-navigation, text: ...}]

Nothing is lost: the normalised text, with the punctuation as printed (``,():;!?``
in Chinese text as ``，（）：；！？``, see ``parse.punctuation``), is exactly the
concatenation, in line order, of every node's ``label + text`` and every dropped
entry's ``text``;
segments on different original lines are joined by a newline, segments that
share a line (inline headings such as ``一、… (一)… 1。…``, a dropped site prefix
``【规范性文件】`` before the title it precedes) are joined directly.
``rebuild_text()`` does that and is tested against the normaliser's output.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Iterator, NamedTuple

from .versions import PARSER_VERSION, SCHEMA  # noqa: F401 (part of the model's API)

NODE_KINDS = ("front", "part", "chapter", "division", "article", "section", "subsection",
              "item", "subitem", "bullet", "paragraph", "back", "table", "row")
ROLES = ("lead", "responsible", "participant")


@dataclass
class DeptRef:
    """One unit named in a marker: ``保护司`` → canonical ``知识产权保护司``.

    ``kind`` is the registry kind (``cnipa-unit``, ``state-council``, ``generic``…),
    ``local`` for a local unit recognised by its form (``市财政局``: canonical null,
    the locality is not known; ``杭州市财政局``: canonical is the name itself), or
    null for a name the registry does not know.
    """

    name: str
    canonical: str | None
    role: str
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "canonical": self.canonical, "role": self.role,
                "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DeptRef":
        return cls(d["name"], d.get("canonical"), d["role"], d.get("kind"))


@dataclass
class Task:
    """A clause closed by a department marker: ``…运营服务机构。(运用促进司负责)``.

    ``deadline`` is the printed time limit (``2023年12月底前``), ``due`` the ISO date
    it fixes (``2023-12-31``) or null, ``note`` a sentence printed after the
    assignment inside the marker (``以下各项均需各区县政府落实``) or null.
    """

    text: str
    tag: str
    departments: list[DeptRef] = field(default_factory=list)
    deadline: str | None = None
    due: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "tag": self.tag,
                "departments": [d.to_dict() for d in self.departments],
                "deadline": self.deadline, "due": self.due, "note": self.note}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Task":
        return cls(d["text"], d["tag"],
                   [DeptRef.from_dict(x) for x in d.get("departments") or []],
                   d.get("deadline"), d.get("due"), d.get("note"))


@dataclass(slots=True)  # a chaotic document may have a warning on every heading
class Diagnostic:
    """Something a reader should check: a numbering gap, encoding damage…"""

    code: str
    line: int | None
    message: str
    snippet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "line": self.line, "message": self.message,
                "snippet": self.snippet}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Diagnostic":
        return cls(d["code"], d.get("line"), d["message"], d.get("snippet"))


@dataclass
class Dropped:
    """Lines kept out of the tree, with the reason: ``上一篇`` → site-navigation."""

    lines: tuple[int, int]
    reason: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"lines": list(self.lines), "reason": self.reason, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Dropped":
        return cls(tuple(d["lines"]), d["reason"], d["text"])


@dataclass(slots=True)  # no per-node __dict__: a document may have 100,000 nodes
class Node:
    """One numbered unit of the notice, e.g. ``(六)健全知识产权保护政策。…``."""

    id: str
    kind: str
    label: str | None
    number: int | None
    title: str | None
    text: str
    lines: tuple[int, int]
    tasks: list[Task] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    cells: dict[str, str] | None = None  # rows only: column header → value


    def walk(self) -> Iterator["Node"]:
        """This node and all its descendants, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "kind": self.kind, "label": self.label,
             "number": self.number, "title": self.title, "text": self.text,
             "lines": list(self.lines)}
        if self.cells is not None:  # only rows have cells; other nodes omit the key
            d["cells"] = dict(self.cells)
        d["tasks"] = [t.to_dict() for t in self.tasks]
        d["children"] = [c.to_dict() for c in self.children]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Node":
        cells = d.get("cells")
        return cls(d["id"], d["kind"], d.get("label"), d.get("number"),
                   d.get("title"), d.get("text") or "", tuple(d["lines"]),
                   [Task.from_dict(t) for t in d.get("tasks") or []],
                   [Node.from_dict(c) for c in d.get("children") or []],
                   dict(cells) if cells is not None else None)


@dataclass
class Meta:
    """What the notice says about itself (title, 发文字号, issuer, dates…)."""

    title: str | None = None
    notice_title: str | None = None
    doc_number: str | None = None
    doc_number_raw: str | None = None
    issuer: str | None = None
    date: str | None = None
    published: str | None = None
    year: int | None = None
    recipients: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), list) else v)
                for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Meta":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Source:
    """Where the text came from and what it looked like before normalising."""

    path: str | None
    sha256: str | None
    encoding: str | None  # None for binary formats (docx, pdf, xlsx)
    script: str
    format: str = "text"  # text | html | docx | pdf | xlsx: the reader used

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256,
                "encoding": self.encoding, "script": self.script, "format": self.format}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Source":
        return cls(d.get("path"), d.get("sha256"), d.get("encoding"), d["script"],
                   d.get("format") or "text")


@dataclass
class Document:
    """A parsed notice: metadata, warnings, the node tree and dropped lines."""

    id: str
    source: Source
    meta: Meta
    nodes: list[Node] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """Every node in document order (pre-order)."""
        for node in self.nodes:
            yield from node.walk()

    def find(self, node_id: str) -> Node | None:
        return next((n for n in self.walk() if n.id == node_id), None)

    def assignments(self) -> Iterator[tuple[Node, Task, DeptRef]]:
        """Every department named in every task, with its node and task."""
        for node in self.walk():
            for task in node.tasks:
                for dept in task.departments:
                    yield node, task, dept

    def to_dict(self, nodes: bool = True) -> dict[str, Any]:
        """The printed structure; ``nodes=False`` leaves ``nodes`` empty (a writer can
        then add them one at a time instead of holding a second copy of the tree)."""
        return {"schema": SCHEMA, "id": self.id, "source": self.source.to_dict(),
                "meta": self.meta.to_dict(),
                "warnings": [w.to_dict() for w in self.warnings],
                "nodes": [n.to_dict() for n in self.nodes] if nodes else [],
                "dropped": [d.to_dict() for d in self.dropped]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        return cls(d["id"], Source.from_dict(d["source"]), Meta.from_dict(d["meta"]),
                   [Node.from_dict(n) for n in d.get("nodes") or []],
                   [Diagnostic.from_dict(w) for w in d.get("warnings") or []],
                   [Dropped.from_dict(x) for x in d.get("dropped") or []])


def document_summary(doc: Document) -> dict[str, Any]:
    """One row per document, as ``ipcli list`` shows it."""
    counts = {"section": 0, "subsection": 0, "item": 0, "article": 0}
    tasks = 0
    for node in doc.walk():
        if node.kind in counts:
            counts[node.kind] += 1
        tasks += len(node.tasks)
    return {"id": doc.id, "year": doc.meta.year, "date": doc.meta.date,
            "published": doc.meta.published, "doc_number": doc.meta.doc_number,
            "title": doc.meta.title,
            "script": doc.source.script, "sections": counts["section"],
            "subsections": counts["subsection"], "items": counts["item"],
            "articles": counts["article"], "tasks": tasks,
            "warnings": len(doc.warnings), "path": doc.source.path}


def heading_paths(doc: Document) -> dict[str, str]:
    """Node id → readable path, e.g. ``三、… > (六)健全知识产权保护政策``,
    ``第二章 资助范围 > 第三条``."""
    paths: dict[str, str] = {}

    def visit(node: Node, prefix: str) -> None:
        head = ((node.label or "") + (node.title or "")).strip()
        if not head:
            head = node.kind
        path = f"{prefix} > {head}" if prefix else head
        paths[node.id] = path
        for child in node.children:
            visit(child, path)

    for node in doc.nodes:
        visit(node, "")
    return paths


class FlatNode(NamedTuple):
    """A node without its children, with its heading path: what ``diff`` reads of a
    tree. ``FlatNode("3.1", "subsection", "三、严格知识产权保护 > (一)加强商标执法",
    "加强商标执法", "加强商标执法。开展专项行动……", [Task(…)])``."""

    id: str
    kind: str
    heading: str
    title: str | None
    text: str
    tasks: list[Task]


def flat_nodes(doc: Document) -> list[FlatNode]:
    """The document's nodes in document order (pre-order), each with its heading path
    (the corpus database makes the same straight from its rows: no tree is built)."""
    paths = heading_paths(doc)
    return [FlatNode(n.id, n.kind, paths[n.id], n.title, n.text, n.tasks) for n in doc.walk()]


def text_segments(doc: Document) -> list[tuple[tuple[int, int], str, "Node | Dropped"]]:
    """Every piece of the normalised text the document holds, in line order: (lines,
    text, owner) for each dropped entry (its ``text``) and node (``label + text``).

    Sorted stably: on a shared line a dropped part (a site prefix) comes before the
    node text after it, and nodes keep their pre-order (inline headings)."""
    segments: list = [(d.lines, d.text, d) for d in doc.dropped]
    segments += [(n.lines, (n.label or "") + n.text, n) for n in doc.walk()]
    segments.sort(key=lambda s: s[0][0])
    return segments


def rebuild_text(doc: Document) -> str:
    """The normalised text *as printed* (Chinese punctuation in Chinese text, see
    ``parse.punctuation``), rebuilt from the tree and the dropped list: segments on
    different lines joined by a newline, segments sharing a line joined directly."""
    out: list[str] = []
    prev_end = None
    for (start, end), text, _ in text_segments(doc):
        if prev_end is not None:
            out.append("" if start == prev_end else "\n")
        out.append(text)
        prev_end = end
    return "".join(out)
