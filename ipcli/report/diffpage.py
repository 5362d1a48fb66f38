"""The 新旧对照 view of a diff report: A's clause beside B's, in B's order.

``comparison_rows(a_docs, b_docs, report)`` → groups of rows under B's headings
(``{"doc", "heading", "rows": [...]}``), each row one of

- ``same``: ``{a, b}`` the clause unchanged;
- ``changed``: ``{a, b, ops}`` with the word operations (``delete`` shown struck on
  the left, ``insert`` underlined on the right: 深入开展地理标志助力[-精准扶贫-]{+乡村振兴+});
- ``added``: ``{b}`` only in B, where it stands in B;
- ``removed``: ``{a}`` only in A, placed after the clause that preceded it in A.

Clauses of an A document with no counterpart in B come last, under that document.
``department_tasks`` lists, per department, the tasks gained, lost and whose role
changed (the counts are those of the report's department table).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Any

from ..analyses.align import Unit, units_of


class Positions:
    """(doc, node, text) of a clause → its unit (each unit handed out once)."""

    def __init__(self, docs: list):
        self.order = {d.id: i for i, d in enumerate(docs)}
        self._units: dict[tuple, list[Unit]] = defaultdict(list)
        for doc in docs:
            for unit in units_of(doc):
                self._units[(unit.doc, unit.node, unit.text)].append(unit)
        self._taken: dict[tuple, int] = defaultdict(int)

    def units(self) -> list[Unit]:
        return [u for units in self._units.values() for u in units]

    def unit(self, ref: dict) -> Unit | None:
        key = (ref["doc"], ref["node"], ref["text"])
        found = self._units.get(key, [])
        index = self._taken[key]
        self._taken[key] += 1
        return found[min(index, len(found) - 1)] if found else None

    def key(self, unit: Unit | None) -> tuple[int, int]:
        return (self.order.get(unit.doc, len(self.order)), unit.position) if unit else (1 << 30, 0)


def comparison_rows(a_docs: list, b_docs: list, report: dict) -> list[dict[str, Any]]:
    """The groups of rows (see the module docstring)."""
    pos_a, pos_b = Positions(a_docs), Positions(b_docs)
    b_rows, removed = [], []
    for kind, section in (("same", "unchanged"), ("changed", "changed")):
        for pair in report["matched"][section]:
            ua, ub = pos_a.unit(pair["a"]), pos_b.unit(pair["b"])
            b_rows.append({"kind": kind, "a": pair["a"], "b": pair["b"], "ops": pair.get("ops"),
                           "moved": pair["moved"], "similarity": pair["similarity"],
                           "_a": pos_a.key(ua), "_b": pos_b.key(ub)})
    for group in report["added"]:
        for text in group["units"]:
            ref = {**{k: group[k] for k in ("doc", "node", "heading")}, "text": text}
            b_rows.append({"kind": "added", "b": ref, "_b": pos_b.key(pos_b.unit(ref))})
    for group in report["removed"]:
        for text in group["units"]:
            ref = {**{k: group[k] for k in ("doc", "node", "heading")}, "text": text}
            removed.append({"kind": "removed", "a": ref, "_a": pos_a.key(pos_a.unit(ref))})
    b_rows.sort(key=lambda r: r["_b"])
    removed.sort(key=lambda r: r["_a"])
    return _grouped(_merged(b_rows, removed))


def _merged(b_rows: list[dict], removed: list[dict]) -> list[dict]:
    """B's rows with the removed clauses in place, each row with its ``_group``.

    A removed clause follows the matched clause before it in its A document: right
    after it when it stood in the same A section (a sentence dropped from a kept
    item), else after the rows B added there (A's (三) beside B's new (三)). One
    before every matched clause of its document goes before the first; a document
    with nothing matched is listed last, on its own."""
    for row in b_rows:
        row["_group"] = ("b", row["b"]["doc"], row["b"]["heading"])
    matched = {r["_a"]: r for r in b_rows if "_a" in r}
    keys = sorted(matched)
    slots: dict[str, dict[tuple, list[dict]]] = {s: defaultdict(list)
                                                 for s in ("before", "after", "tail")}
    orphans = []
    for row in removed:
        i = bisect.bisect_left(keys, row["_a"])
        if i and keys[i - 1][0] == row["_a"][0]:
            prior = matched[keys[i - 1]]
            same = prior["a"]["heading"] == row["a"]["heading"]
            slots["after" if same else "tail"][keys[i - 1]].append(row)
        elif i < len(keys) and keys[i][0] == row["_a"][0]:
            slots["before"][keys[i]].append(row)
        else:
            row["_group"] = ("a", row["a"]["doc"], "")
            orphans.append(row)
    return _placed(b_rows, slots) + orphans


def _placed(b_rows: list[dict], slots: dict) -> list[dict]:
    out: list[dict] = []
    pending: list[dict] = []

    def put(rows: list[dict], group: tuple) -> None:
        for row in rows:
            row["_group"] = group
            out.append(row)

    for row in b_rows:
        if "_a" in row:
            put(pending, out[-1]["_group"] if out else row["_group"])
            pending = []
            put(slots["before"].pop(row["_a"], []), row["_group"])
        out.append(row)
        if "_a" in row:
            put(slots["after"].pop(row["_a"], []), row["_group"])
            pending += slots["tail"].pop(row["_a"], [])
    if pending:
        put(pending, out[-1]["_group"])
    return out


def _grouped(rows: list[dict]) -> list[dict[str, Any]]:
    """Consecutive rows of one group: ``{side, doc, heading, rows}`` (side ``b``: under
    B's heading; side ``a``: an A document with no counterpart in B)."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        side, doc, heading = row["_group"]
        if not groups or (groups[-1]["side"], groups[-1]["doc"], groups[-1]["heading"]) \
                != row["_group"]:
            groups.append({"side": side, "doc": doc, "heading": heading, "rows": []})
        groups[-1]["rows"].append({k: v for k, v in row.items() if not k.startswith("_")})
    return groups


def department_tasks(a_docs: list, b_docs: list, report: dict) -> list[dict[str, Any]]:
    """The report's department table, each row with the tasks behind its counts:
    ``lost_tasks`` (A tasks naming it whose aligned B tasks do not), ``gained_tasks``
    (the same from B's side) and ``role_tasks`` (aligned tasks where its role changed:
    ``{a, b, from, to}``). Tasks are ``{doc, node, heading, text, departments}``."""
    pos_a, pos_b = Positions(a_docs), Positions(b_docs)
    tasks_a, tasks_b = _tasks(pos_a), _tasks(pos_b)
    links: set[tuple] = set()
    for section in ("unchanged", "changed"):
        for pair in report["matched"][section]:
            ua, ub = pos_a.unit(pair["a"]), pos_b.unit(pair["b"])
            if ua and ub and ua.task is not None and ub.task is not None:
                links.add(((ua.doc, ua.task), (ub.doc, ub.task)))
    out = []
    for row in report["departments"]["table"]:
        name = row["department"]
        out.append({**row,
                    "lost_tasks": _unmatched(name, tasks_a, tasks_b, links, 0),
                    "gained_tasks": _unmatched(name, tasks_b, tasks_a, links, 1),
                    "role_tasks": [{"a": tasks_a[ka], "b": tasks_b[kb],
                                    "from": tasks_a[ka]["roles"][name],
                                    "to": tasks_b[kb]["roles"][name]}
                                   for ka, kb in sorted(links)
                                   if name in tasks_a[ka]["roles"] and name in tasks_b[kb]["roles"]
                                   and tasks_a[ka]["roles"][name] != tasks_b[kb]["roles"][name]]})
    return out


def _tasks(positions: Positions) -> dict[tuple, dict[str, Any]]:
    """(doc, task index) → the task: its clauses joined, node, heading, roles."""
    found: dict[tuple, dict[str, Any]] = {}
    for unit in positions.units():
        if unit.task is not None:
            task = found.setdefault((unit.doc, unit.task), {
                "doc": unit.doc, "node": unit.node, "heading": unit.heading, "_parts": [],
                "roles": {}})
            task["_parts"].append((unit.position, unit.text))
            for dept in unit.depts:
                task["roles"].setdefault(dept.canonical or dept.name, dept.role)
    for task in found.values():
        task["text"] = "".join(text for _, text in sorted(set(task.pop("_parts"))))
    return found


def _unmatched(name: str, mine: dict, theirs: dict, links: set[tuple], side: int) -> list[dict]:
    """Tasks of ``mine`` naming ``name`` with no linked task of ``theirs`` naming it."""
    partners: dict[tuple, list[tuple]] = defaultdict(list)
    for link in links:
        partners[link[side]].append(link[1 - side])
    return [task for key, task in sorted(mine.items()) if name in task["roles"]
            and not any(name in theirs[other]["roles"] for other in partners[key])]
