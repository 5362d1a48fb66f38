"""Who must do what: tasks of one department, mentions, and the workload matrix.

``tasks_of(docs, resolve_department("保護司", registry))`` → one row per task
naming 知识产权保护司, with its document, node, heading path, role, the other
departments of the same marker, the deadline and its ``due`` date. Rows are
plain dicts so every output format (table, csv, json, yaml) carries the same
fields.

``mentions_of`` finds the unit named in running text, only where the name
stands for that unit: not inside a longer registry name (``国家知识产权局`` in
``金砖国家知识产权局局长会议``, or in ``国家知识产权局公共服务司``, which is the
other unit), not inside a local unit's name (``知识产权局`` in
``各省…兵团知识产权局``), not inside a 《title》, and never through a
``word_aliases`` entry (``海关`` is 海关总署 in a marker, not in ``世界海关组织``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..parse.registry import Registry, Unit, key

if TYPE_CHECKING:  # documents come from the callers: the ledger's queries need no model
    from ..model import Document

ROLES = ("lead", "responsible", "participant")
TASK_FIELDS = ["doc", "year", "node", "heading", "kind", "role", "department", "canonical",
               "co_departments", "text", "tag", "deadline", "due", "note"]


@dataclass
class Target:
    """The department asked for: a registry unit, or a raw name for unknown ones."""

    query: str
    unit: Unit | None

    @property
    def label(self) -> str:
        return self.unit.name if self.unit else self.query

    def matches(self, name: str, canonical: str | None) -> bool:
        if self.unit is not None:
            return canonical == self.unit.name
        return key(name) == key(self.query)


def resolve_department(name: str, registry: Registry) -> Target:
    """A registry unit for ``name`` (exact, alias or unique part); several → error."""
    candidates = registry.candidates(name)
    if len(candidates) > 1:
        raise UsageError(f"{name!r} fits several departments: "
                         + ", ".join(u.name for u in candidates[:12]),
                         "give the full name of one of them")
    return Target(name, candidates[0] if candidates else None)


def suggestions(name: str, registry: Registry, docs: list[Document]) -> list[str]:
    """Close names from the registry and the corpus, for "did you mean"."""
    names = set(registry.all_names()) | {d.name for doc in docs for _, _, d in doc.assignments()}
    import difflib  # only for a name not found
    return difflib.get_close_matches(key(name), sorted(names), n=5, cutoff=0.5)


def tasks_of(docs: list[Document], target: Target, role: str | None = None,
             due_before: str | None = None) -> list[dict]:
    """Task rows of ``target``; ``due_before`` (ISO date) keeps tasks due strictly before it."""
    rows = []
    for doc in docs:
        paths = _heading_paths(doc)
        for node in doc.walk():
            for task in node.tasks:
                mine = [d for d in task.departments if target.matches(d.name, d.canonical)]
                if not mine or (role and all(d.role != role for d in mine)):
                    continue
                if due_before and not (task.due and task.due < due_before):
                    continue
                dept = next(d for d in mine if not role or d.role == role)
                rows.append({
                    "doc": doc.id, "year": doc.meta.year, "node": node.id,
                    "heading": paths[node.id], "kind": "task", "role": dept.role,
                    "department": dept.name, "canonical": dept.canonical,
                    "co_departments": [d.canonical or d.name for d in task.departments
                                       if d not in mine],
                    "text": task.text, "tag": task.tag, "deadline": task.deadline,
                    "due": task.due, "note": task.note})
    return rows


def mentions_of(docs: list[Document], target: Target, registry: Registry,
                context: int = 20) -> list[dict]:
    """Places where the unit is named in running text, outside markers (see module doc)."""
    finder = MentionFinder(target, registry)
    rows = []
    for doc in docs:
        paths = _heading_paths(doc)
        for node in doc.walk():
            for snippet, name in finder.find(node.text, [t.tag for t in node.tasks], context):
                rows.append(mention_row(doc.id, doc.meta.year, node.id, paths[node.id],
                                        name, finder.canonical, snippet))
    return rows


def mention_row(doc: str, year: int | None, node: str, heading: str, name: str,
                canonical: str | None, snippet: str) -> dict:
    """A mention in the same shape as a task row (role, tag, deadline… empty)."""
    return {"doc": doc, "year": year, "node": node, "heading": heading, "kind": "mention",
            "role": None, "department": name, "canonical": canonical, "co_departments": [],
            "text": snippet, "tag": None, "deadline": None, "due": None, "note": None}


class MentionFinder:
    """Where a unit's names stand for the unit in a node's text (markers blanked out)."""

    def __init__(self, target: Target, registry: Registry):
        self.names = target.unit.mention_names if target.unit else [key(target.query)]
        self.canonical = target.unit.name if target.unit else None
        self.pattern = _alternation(tuple(self.names))
        self.alone = _Standalone(registry)

    def find(self, text: str, tags: list[str], context: int = 20) -> list[tuple[str, str]]:
        """(snippet, name as printed) for each mention in ``text``."""
        original, found = text, []
        for tag in tags:  # blank out the markers: those are tasks, not mentions
            text = text.replace(tag, " " * len(tag))
        for match in self.pattern.finditer(text):
            if self.alone(text, match.start(), match.end()):
                start = max(0, match.start() - context)
                found.append((original[start:match.end() + context].replace("\n", " "),
                              match.group()))
        return found


def with_mentions(rows: list[dict], docs: list[Document], target: Target,
                  registry: Registry) -> list[dict]:
    """Task rows and mention rows together: by document, tasks first."""
    order = {d.id: i for i, d in enumerate(docs)}
    rows = rows + mentions_of(docs, target, registry)
    return sorted(rows, key=lambda r: (order[r["doc"]], r["kind"] == "mention"))


class _Standalone:
    """Whether a name at ``text[start:end]`` stands alone: not part of a longer
    registry name, a local unit's name or a 《title》."""

    def __init__(self, registry: Registry):
        names = registry.all_names()
        self.registry = registry
        self.names = _alternation(tuple(names))
        self.longest = max(map(len, names), default=0)
        self.initials = {n[0] for n in names if n}

    def __call__(self, text: str, start: int, end: int) -> bool:
        if _in_title(text, start):
            return False
        for pos in range(max(0, start - self.longest), end):
            if text[pos] not in self.initials:
                continue
            found = self.names.match(text, pos)
            if found and pos <= start and found.end() >= end \
                    and found.end() - pos > end - start:
                return False
        return not any(s <= start and e >= end and e - s > end - start
                       for s, e in self.registry.local.spans(text, start, end))


def _in_title(text: str, pos: int) -> bool:
    """Inside an unclosed 《 before ``pos`` on the same line."""
    line_start = text.rfind("\n", 0, pos) + 1
    return text.rfind("《", line_start, pos) > text.rfind("》", line_start, pos)


@functools.lru_cache(maxsize=16)
def _alternation(names: tuple[str, ...]) -> re.Pattern:
    """Longest name first, so a match at a position is the longest name there."""
    return re.compile("|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)
                               if n))


def matrix(docs: list[Document]) -> list[dict]:
    """Department × document counts by role, busiest department first."""
    table: dict[str, dict] = {}
    for doc in docs:
        for _, _, dept in doc.assignments():
            name = dept.canonical or dept.name
            row = table.setdefault(name, {
                "department": name, "known": dept.kind is not None, "kind": dept.kind,
                **{r: 0 for r in ROLES}, "total": 0, "documents": {}})
            row[dept.role] += 1
            row["total"] += 1
            row["documents"].setdefault(doc.id, {r: 0 for r in ROLES})[dept.role] += 1
    return sorted(table.values(), key=lambda r: (-r["total"], -r["lead"], r["department"]))


def unknown_names(docs: list[Document]) -> list[dict]:
    """Names in markers that are neither in the registry nor local units by their form."""
    found: dict[str, dict] = {}
    for doc in docs:
        for node, _, dept in doc.assignments():
            if dept.kind is None:
                row = found.setdefault(dept.name, {"name": dept.name, "count": 0, "places": []})
                row["count"] += 1
                row["places"].append(f"{doc.id}#{node.id}")
    return sorted(found.values(), key=lambda r: (-r["count"], r["name"]))


def _heading_paths(doc: Document) -> dict[str, str]:
    from ..model import heading_paths
    return heading_paths(doc)
