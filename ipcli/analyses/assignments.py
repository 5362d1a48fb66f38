"""For whom something changed: department assignments of aligned tasks.

A task is a run of clauses closed by one department tag. When the clauses of a
task in A are aligned with clauses of a task in B, the two tasks are *linked*;
comparing their tags tells what changed for each department::

    A: 加强宣传。(保护司牵头,条法司参与)      B: 加强宣传。(条法司牵头,保护司参与)
    → 知识产权保护司 lead → participant, 条法司 participant → lead

``department_changes(a_units, b_units, matches)`` returns

- ``table``: per department (canonical name, else the name as written): tasks
  in A and B, ``kept`` (A tasks whose linked B task still names it), ``lost``
  (A tasks naming it with no such B task: removed, or the department dropped),
  ``gained`` (the same from B's side) and ``roles`` changed in kept tasks,
  e.g. ``[{from: lead, to: participant, count: 1}]``;
- ``changes``: every linked pair of tasks whose departments or roles differ,
  with what was gained, lost and which roles changed.

Roles are taken as the parser gives them (``DeptRef.role``).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable

from ..model import DeptRef
from .align import Unit

Key = tuple[str, int]  # (document id, task index)


def _name(dept: DeptRef) -> str:
    return dept.canonical or dept.name


def _roles(depts: tuple[DeptRef, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for dept in depts:
        found.setdefault(_name(dept), dept.role)
    return found


def _tasks(units: list[Unit]) -> dict[Key, tuple[DeptRef, ...]]:
    return {(u.doc, u.task): u.depts for u in units if u.task is not None}


def department_changes(a_units: list[Unit], b_units: list[Unit],
                       matches: list[tuple[Unit, Unit, float]],
                       keep: Callable[[DeptRef], bool] | None = None) -> dict:
    """``{"table": […], "changes": […]}`` (see the module docstring); ``keep``
    restricts both to departments it accepts."""
    a_tasks, b_tasks = _tasks(a_units), _tasks(b_units)
    links: dict[tuple[Key, Key], tuple[Unit, Unit, float]] = {}
    for x, y, score in matches:
        if x.task is not None and y.task is not None:
            link = ((x.doc, x.task), (y.doc, y.task))
            if link not in links or score > links[link][2]:
                links[link] = (x, y, score)
    wanted = keep or (lambda dept: True)
    names = {_name(d) for depts in (*a_tasks.values(), *b_tasks.values()) for d in depts if wanted(d)}
    table = _table(names, a_tasks, b_tasks, links)
    changes = [_change(x, y, score) for x, y, score in links.values()
               if _roles(x.depts) != _roles(y.depts)
               and any(wanted(d) for d in x.depts + y.depts)]
    changes.sort(key=lambda c: (c["a"]["doc"], _order(c["a"]["node"]), c["b"]["doc"]))
    return {"table": table, "changes": changes}


def _order(node: str) -> list:
    return [int(p) if p.isdigit() else p for p in node.replace("/", ".").split(".")]


def _table(names, a_tasks, b_tasks, links) -> list[dict]:
    count_a = Counter(n for depts in a_tasks.values() for n in _roles(depts))
    count_b = Counter(n for depts in b_tasks.values() for n in _roles(depts))
    kept_a: dict[str, set] = defaultdict(set)
    kept_b: dict[str, set] = defaultdict(set)
    roles: dict[str, Counter] = defaultdict(Counter)
    for ka, kb in links:
        before, after = _roles(a_tasks[ka]), _roles(b_tasks[kb])
        for name in before.keys() & after.keys():
            kept_a[name].add(ka)
            kept_b[name].add(kb)
            if before[name] != after[name]:
                roles[name][(before[name], after[name])] += 1
    rows = []
    for name in names:
        row = {"department": name, "a": count_a[name], "b": count_b[name],
               "delta": count_b[name] - count_a[name], "kept": len(kept_a[name]),
               "gained": count_b[name] - len(kept_b[name]), "lost": count_a[name] - len(kept_a[name]),
               "roles": [{"from": f, "to": t, "count": n} for (f, t), n in sorted(roles[name].items())]}
        rows.append(row)
    return sorted(rows, key=lambda r: (-(r["gained"] + r["lost"] + sum(x["count"] for x in r["roles"])),
                                       -abs(r["delta"]), r["department"]))


def _change(x: Unit, y: Unit, score: float) -> dict:
    before, after = _roles(x.depts), _roles(y.depts)
    return {"similarity": score, "a": x.ref(), "b": y.ref(),
            "before": [[n, r] for n, r in before.items()],
            "after": [[n, r] for n, r in after.items()],
            "gained": sorted(after.keys() - before.keys()),
            "lost": sorted(before.keys() - after.keys()),
            "roles": [{"department": n, "from": before[n], "to": after[n]}
                      for n in before if n in after and before[n] != after[n]]}
