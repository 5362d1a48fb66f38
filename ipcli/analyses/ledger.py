"""The task ledger (任务台账): every task of the selected documents, as queries.

``ledger(library, entries, Filters(departments=[resolve_department("保护司", r)]))``
→ one row per task assigned to 知识产权保护司: its document (id, title, 文号), node
and heading path, task text, the 牵头 / 负责 / 参与 departments, the deadline as
printed and its ISO ``due`` date, the marker and its line. Without departments,
every task. The rows come from indexed queries over the corpus database (see
``corpus.schema``); no document is built. ``long_rows`` gives one row per task ×
department, for pivot tables.

``matrix`` and ``unknown_names`` answer ``ipcli depts`` the same way. The object
versions in ``workload`` (over ``Document`` objects) give the same rows and are
the reference the tests compare against.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..corpus import database, searchindex
from ..corpus.library import fill_summaries
from ..parse.registry import Registry, key
from .workload import ROLES, MentionFinder, Target, mention_row

TASK_FIELDS = ["doc", "title", "doc_number", "year", "node", "heading", "kind", "role",
               "department", "canonical", "co_departments", "lead", "responsible",
               "participant", "text", "tag", "deadline", "due", "note", "line"]
LONG_FIELDS = ["doc", "title", "doc_number", "year", "node", "heading", "department",
               "canonical", "dept_kind", "role", "text", "tag", "deadline", "due", "note",
               "line"]


@dataclass
class Filters:
    """Which tasks: of any of ``departments`` (all tasks when empty), where one of them
    has ``role``, due strictly before ``due_before``, naming an unknown unit."""

    departments: list[Target] = field(default_factory=list)
    role: str | None = None
    due_before: str | None = None
    unknown_only: bool = False


def ledger(library, entries: list, filters: Filters) -> list[dict[str, Any]]:
    """Task rows in document order (entries' order, then the tasks' order)."""
    if not entries:
        return []
    tasks, departments = library.query(entries, lambda c: _fetch(c, entries, filters))
    by_sha: dict[str, list] = {}
    for entry in entries:
        by_sha.setdefault(entry.sha256, []).append(entry)
    tasks = [t for t in tasks if t[1] in by_sha]  # (a query can only over-select)
    order = {e.sha256: i for i, e in reversed(list(enumerate(entries)))}
    chosen_of = _chooser(filters)
    fill_summaries(e for sha in {t[1] for t in tasks} for e in by_sha[sha])
    rows = []
    for task in sorted(tasks, key=lambda t: (order[t[1]], t[2])):
        task_id, sha, _, node, heading, text, tag, deadline, due, note, line = task
        depts = departments.get(task_id, [])
        mine = [d for d in depts if chosen_of(d)] if filters.departments else []
        if filters.departments and not mine:
            continue
        if filters.role and not any(d["role"] == filters.role for d in (mine or depts)):
            continue
        if filters.unknown_only and not any(d["kind"] is None for d in depts):
            continue
        chosen = next((d for d in mine if not filters.role or d["role"] == filters.role), None)
        roles = {role: [] for role in ROLES}
        for dept in depts:
            if dept["role"] in roles:
                roles[dept["role"]].append(dept["canonical"] or dept["name"])
        co = [_shown(d) for d in depts if d not in mine] if chosen else []
        for entry in by_sha[sha]:
            summary = entry.summary
            rows.append({
                "doc": entry.id, "title": summary.get("title"),
                "doc_number": summary.get("doc_number"), "year": summary.get("year"),
                "node": node, "heading": heading, "kind": "task",
                "role": chosen["role"] if chosen else None,
                "department": chosen["name"] if chosen else None,
                "canonical": chosen["canonical"] if chosen else None,
                "co_departments": co, **{role: list(names) for role, names in roles.items()},
                "text": text, "tag": tag, "deadline": deadline, "due": due, "note": note,
                "line": line, "_departments": depts})
    return rows


def long_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per task × department (``ledger`` rows in, pivot-table rows out)."""
    out = []
    for row in rows:
        for dept in row["_departments"] or [None]:
            out.append({**{k: row[k] for k in LONG_FIELDS if k in row},
                        "department": dept["name"] if dept else None,
                        "canonical": dept["canonical"] if dept else None,
                        "dept_kind": dept["kind"] if dept else None,
                        "role": dept["role"] if dept else None})
    return out


def public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without the private ``_departments`` list (for printing)."""
    out = []
    for row in rows:
        row = dict(row)
        row.pop("_departments", None)
        out.append(row)
    return out


def _chooser(filters: Filters):
    """Whether a department (a dict) is one of the chosen ones; answers are kept, as
    the same few names come back on thousands of tasks."""
    seen: dict[tuple, bool] = {}

    def chosen(dept: dict) -> bool:
        name = (dept["name"], dept["canonical"])
        if name not in seen:
            seen[name] = any(t.matches(*name) for t in filters.departments)
        return seen[name]
    return chosen


def _shown(dept: dict) -> str:
    return dept["canonical"] or dept["name"]


def _fetch(conn, entries: list, filters: Filters):
    """(task rows, task → departments) for the selected documents."""
    where, args = [_select(conn, {e.sha256 for e in entries}).format(col="t.sha256")], []
    wanted = _task_filter(conn, filters)
    if wanted is not None:
        where.append("t.task IN (SELECT task FROM wanted)")
    if filters.due_before:
        where.append("t.due IS NOT NULL AND t.due < ?")
        args.append(filters.due_before)
    condition = " AND ".join(where)
    tasks = conn.execute(
        "SELECT t.task, t.sha256, t.seq, t.node, n.heading, t.text, t.tag, t.deadline, t.due, "
        "t.note, t.line FROM tasks t JOIN nodes n ON n.row = t.node_row "
        f"WHERE {condition}", args).fetchall()
    if where == ["1", "t.task IN (SELECT task FROM wanted)"]:  # every document, no date
        source, condition = "wanted t", "1"  # the wanted tasks alone: not their rows again
    else:
        source = "tasks t"
    departments: dict[int, list[dict]] = {}
    for task, name, canonical, role, kind in conn.execute(
            f"SELECT td.task, td.name, td.canonical, td.role, td.kind FROM {source} "
            f"CROSS JOIN task_departments td ON td.task = t.task WHERE {condition} "
            "ORDER BY td.task, td.seq", args):
        departments.setdefault(task, []).append(
            {"name": name, "canonical": canonical, "role": role, "kind": kind})
    return tasks, departments


def _select(conn, shas: set[str]) -> str:
    """The SQL condition on ``sha256`` for the selected documents: none when they are
    every document stored (the usual ``all``), else the temporary table ``selected``."""
    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    if stored == len(shas):  # the library made sure each selected one is stored
        return "1"
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS selected (sha256 TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM selected")
    conn.executemany("INSERT INTO selected VALUES (?)", [(s,) for s in shas])
    return "{col} IN (SELECT sha256 FROM selected)"


def _task_filter(conn, filters: Filters) -> str | None:
    """Fill the temporary table ``wanted`` with the tasks naming a chosen department
    (by the canonical-name index; unknown names compared in their lookup form)."""
    if not filters.departments:
        return None
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (task INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM wanted")
    units = [t.unit.name for t in filters.departments if t.unit is not None]
    if units:
        conn.execute("INSERT OR IGNORE INTO wanted SELECT task FROM task_departments "
                     f"WHERE canonical IN ({database.marks(units)})", units)
    raw = {key(t.query) for t in filters.departments if t.unit is None}
    if raw:
        rows = conn.execute("SELECT task, name FROM task_departments WHERE canonical IS NULL")
        conn.executemany("INSERT OR IGNORE INTO wanted VALUES (?)",
                         [(task,) for task, name in rows.fetchall() if key(name) in raw])
    return "wanted"


def mentions(library, entries: list, target: Target, registry: Registry,
             context: int = 20) -> list[dict[str, Any]]:
    """Mention rows: nodes found by the search index, checked by ``MentionFinder``."""
    finder = MentionFinder(target, registry)
    expression = " OR ".join(f"({p})" for name in finder.names
                             if (p := searchindex.phrase(name.casefold())))
    if not entries or not expression:
        return []
    found = library.query(entries, lambda c: _mention_nodes(c, entries, expression))
    by_sha: dict[str, list] = {}
    for entry in entries:
        by_sha.setdefault(entry.sha256, []).append(entry)
    fill_summaries(e for sha in {f[0] for f in found} for e in by_sha[sha])
    rows = []
    for sha, node, heading, text, tags in found:
        for snippet, name in finder.find(text, tags, context):
            rows += [mention_row(e.id, e.year, node, heading, name, finder.canonical, snippet)
                     for e in by_sha[sha]]
    return rows


def _mention_nodes(conn, entries: list, expression: str) -> list[tuple]:
    where = _select(conn, {e.sha256 for e in entries}).format(col="n.sha256")
    nodes = conn.execute(
        f"SELECT n.row, n.sha256, n.id, n.heading, n.text FROM {searchindex.LIVE} f "
        "JOIN nodes n ON n.row = f.rowid "
        f"WHERE {searchindex.LIVE} MATCH ? AND {where} ORDER BY n.row", (expression,)).fetchall()
    tags: dict[int, list[str]] = {}
    rows = [n[0] for n in nodes]
    for chunk in database.chunks(rows):
        for node_row, tag in conn.execute("SELECT node_row, tag FROM tasks WHERE node_row IN "
                                          f"({database.marks(chunk)}) ORDER BY task", chunk):
            tags.setdefault(node_row, []).append(tag)
    return [(sha, node, heading, text, tags.get(row, [])) for row, sha, node, heading, text
            in nodes]


def matrix(library, entries: list, per_document: bool = True) -> list[dict[str, Any]]:
    """Department × document counts by role, busiest department first (as
    ``workload.matrix``), from the per-department counts stored with each document.

    ``per_document=False``: instead of ``documents`` (id → counts by role), each row
    has ``cells``, the tasks per entry in the entries' order as decimal text ("0"
    where none: what the CSV prints). SQLite then sums each department in one ordered
    scan and hands over its cells as two strings (hashes, totals), so 10,000
    documents × 120 departments never become Python rows or numbers."""
    if not entries:
        return []
    if per_document:
        found = library.query(entries, lambda c: _matrix_counts(c, entries))
        table = _documents_matrix(found, entries)
    else:
        found = library.query(entries, lambda c: _matrix_cells(c, entries))
        table = _cells_matrix(found, entries)
    return sorted(table, key=lambda r: (-r["total"], -r["lead"], r["department"]))


def _matrix_row(department: str, kind: str | None) -> dict[str, Any]:
    return {"department": department, "known": kind is not None, "kind": kind,
            **{r: 0 for r in ROLES}, "total": 0}


def _documents_matrix(found: list[tuple], entries: list) -> list[dict[str, Any]]:
    by_sha: dict[str, list] = {}
    for entry in entries:
        by_sha.setdefault(entry.sha256, []).append(entry.id)
    order = {sha: i for i, sha in enumerate(by_sha)}  # documents in the entries' order
    found.sort(key=lambda f: order[f[1]])
    table: dict[str, dict] = {}
    for department, sha, kind, *counts in found:
        row = table.get(department)
        if row is None:
            row = table[department] = {**_matrix_row(department, kind), "documents": {}}
        elif kind is not None and (row["kind"] is None or kind > row["kind"]):
            row["known"], row["kind"] = True, kind  # as max(kind) in ``_matrix_cells``
        ids = by_sha[sha]
        for role, n in zip(ROLES, counts):
            row[role] += n * len(ids)
        row["total"] += sum(counts) * len(ids)
        for doc_id in ids:
            row["documents"][doc_id] = dict(zip(ROLES, counts))
    return list(table.values())


def _cells_matrix(found: tuple[list, list], entries: list) -> list[dict[str, Any]]:
    departments, repeated = found
    column: dict[str, int] = {}
    repeats: dict[str, list[int]] = {}  # the same content in more than one file
    for i, entry in enumerate(entries):
        if entry.sha256 in column:
            repeats.setdefault(entry.sha256, []).append(i)
        else:
            column[entry.sha256] = i
    rows = {}
    for department, kind, lead, responsible, participant, total, shas, totals in departments:
        row = rows[department] = _matrix_row(department, kind)
        row.update(lead=lead, responsible=responsible, participant=participant, total=total)
        cells = row["cells"] = ["0"] * len(entries)
        list(map(cells.__setitem__, map(column.__getitem__, shas.split(",")), totals.split(",")))
    for department, sha, *counts in repeated:  # each further file counts its tasks again
        row = rows[department]
        for i in repeats[sha]:
            row["cells"][i] = str(counts[-1])
            for role, n in zip((*ROLES, "total"), counts):
                row[role] += n
    return list(rows.values())


def matrix_columns(rows: list[dict[str, Any]], ids: list[str]) -> list[list]:
    """The matrix as rows of cells for CSV: totals, then tasks per document (in ``ids``
    order, as decimal text), from ``cells`` (``matrix(per_document=False)``) or each
    department's non-zero documents."""
    column = {doc_id: i for i, doc_id in enumerate(ids)}
    out = []
    for row in rows:
        cells = row.get("cells")
        if cells is None:
            cells = ["0"] * len(ids)
            for doc_id, per in row["documents"].items():
                cells[column[doc_id]] = str(per["lead"] + per["responsible"]
                                            + per["participant"])
        out.append([row["department"], "yes" if row["known"] else "no", row["lead"],
                    row["responsible"], row["participant"], row["total"], *cells])
    return out


def _matrix_counts(conn, entries: list) -> list[tuple]:
    where = _select(conn, {e.sha256 for e in entries}).format(col="sha256")
    return conn.execute("SELECT department, sha256, kind, lead, responsible, participant "
                        f"FROM department_counts WHERE {where}").fetchall()


def _matrix_cells(conn, entries: list) -> tuple[list, list]:
    """Each department's sums and its cells as ``group_concat`` strings (hashes and
    totals, in one scan so in the same order); and the rows of contents that more
    than one entry has. ``kind``: the greatest of a department's kinds (a name
    that is ambiguous in one document under a user's registry has none there)."""
    shas, repeated = set(), set()
    for entry in entries:
        (repeated if entry.sha256 in shas else shas).add(entry.sha256)
    where = _select(conn, shas).format(col="sha256")
    departments = conn.execute(
        "SELECT department, max(kind), sum(lead), sum(responsible), sum(participant), "
        "sum(total), group_concat(sha256), group_concat(total) FROM department_counts "
        f"WHERE {where} GROUP BY department").fetchall()
    repeats = [row for chunk in database.chunks(sorted(repeated)) for row in conn.execute(
        "SELECT department, sha256, lead, responsible, participant, total "
        f"FROM department_counts WHERE sha256 IN ({database.marks(chunk)})", chunk)]
    return departments, repeats


def unknown_names(library, entries: list) -> list[dict[str, Any]]:
    """Names in markers that are neither in the registry nor local units by form."""
    if not entries:
        return []
    found_rows = library.query(entries, lambda c: _unknown(c, entries))
    by_sha: dict[str, list] = {}
    for entry in entries:
        by_sha.setdefault(entry.sha256, []).append(entry)
    order = {e.sha256: i for i, e in reversed(list(enumerate(entries)))}
    found: dict[str, dict] = {}
    for name, sha, node, _, _ in sorted(found_rows, key=lambda r: (order[r[1]], r[3], r[4])):
        for entry in by_sha[sha]:
            row = found.setdefault(name, {"name": name, "count": 0, "places": []})
            row["count"] += 1
            row["places"].append(f"{entry.id}#{node}")
    return sorted(found.values(), key=lambda r: (-r["count"], r["name"]))


def _unknown(conn, entries: list) -> list[tuple]:
    where = _select(conn, {e.sha256 for e in entries}).format(col="t.sha256")
    return conn.execute(
        "SELECT d.name, t.sha256, t.node, t.seq, d.seq FROM task_departments d "
        f"JOIN tasks t ON t.task = d.task WHERE d.kind IS NULL AND {where}").fetchall()
