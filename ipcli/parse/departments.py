"""Department tags: who must do what.

A parenthetical that closes a clause is a *tag* when it assigns units::

    …科学设置指标目标。(战略规划司负责)
    …(运用促进司负责,公共服务司、专利局初审流程部,商标局参与)
    …(国家知识产权局牵头,中央宣传部、农业农村部等按职责分工负责)

Grammar (on normalised text, so ``（负責）`` reads as ``(负责)``): the content is
split at ``,``/``;`` into chunks; unit lists accumulate until a chunk ends in a
role verb, which gives them all that role. Units are separated by ``、`` and,
when each side is a unit on its own, by ``与``/``和``/``及``/``会同``
(``文化和旅游部`` stays whole because the registry knows it). Text after the last
assignment (``,年内持续推进``, ``2025年12月底前完成``) is the deadline. A
parenthetical holding only a deadline with a completion cue is a task without
departments. Anything else is not a tag: ``(TISC)``, ``(2020)``,
``(以下简称“保护中心”)``, ``(知识产权管理部门)``, ``(见附件)``, contact lines.

Roles: ``牵头`` → lead; ``负责`` and its variants → responsible, except that the
``负责`` units become lead when the others only ``参与``/``配合``; ``参与``,
``配合``, ``协助``, ``参加`` → participant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import DeptRef, Diagnostic, Task
from ..text.script import to_simplified
from .registry import Registry

_VERBS = {"按照职责分工负责": "responsible", "按职责分工负责": "responsible",
          "按职责负责": "responsible", "分工负责": "responsible", "分别负责": "responsible",
          "共同负责": "responsible", "负责": "responsible", "牵头": "lead",
          "参与": "participant", "配合": "participant", "协助": "participant",
          "参加": "participant"}
_VERB_RE = re.compile("|".join(sorted(_VERBS, key=len, reverse=True)))
_UNIT_SUFFIX = re.compile(r"(司|局|部|委|办|院|署|会|厅|中心|室|处|政府|部门|单位|机构|机关|法院|检察院"
                          r"|协会|集团|公司|银行|社|台|小组|办公室|委员会|总局)$")
_UNIT_CHARS = re.compile(r"^[\u4e00-\u9fff()]{2,40}$")
_CONJUNCTIONS = re.compile(r"会同|与|和|及")
_ETC = re.compile(r"(等有关部门|等相关部门|等部门|等单位|等)$")
_DEADLINE_CUE = re.compile(r"(前|底|完成|推进|持续|长期|启动|实施|年内|以内|起|开展|落实)")
_TIME_CUE = re.compile(r"(\d{4}|年|月|季度|长期|持续)")
_INNER = re.compile(r"\([^()]*\)")


@dataclass
class Tag:
    departments: list[DeptRef]
    deadline: str | None


class TagGrammar:
    """Reads tags with a registry to recognise unit names."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._memo: dict[str, Tag | None] = {}

    def parse(self, content: str) -> Tag | None:
        """The tag in ``content`` (text inside the brackets), or None if not a tag.

        The same tags recur across documents, so results are memoised; callers
        get fresh objects each time (``--keep-script`` rewrites names in place).
        """
        if content not in self._memo:
            if len(self._memo) > 20_000:
                self._memo.clear()
            self._memo[content] = self._parse(content)
        tag = self._memo[content]
        if tag is None:
            return None
        return Tag([DeptRef(d.name, d.canonical, d.role) for d in tag.departments], tag.deadline)

    def _parse(self, content: str) -> Tag | None:
        content = to_simplified(content.strip())  # already so after normalising
        if not content or len(content) > 200:
            return None
        groups: list[tuple[list[str], str]] = []
        pending: list[str] = []
        deadline: list[str] = []
        for chunk in (c.strip() for c in re.split(r"[,;，；]", content)):
            if not chunk:
                continue
            if deadline:
                deadline.append(chunk)
                continue
            verb = self._verb_after_units(chunk)
            if verb:
                units = self._units(chunk[:verb.start()]) if verb.start() else []
                if units is None or not (units or pending):
                    return None
                groups.append((pending + units, _VERBS[verb.group()]))
                pending = []
                rest = chunk[verb.end():].strip()
                if rest:
                    deadline.append(rest)
                continue
            units = self._units(chunk)
            if units:
                pending.extend(units)
            elif _looks_like_deadline(chunk):
                deadline.append(chunk)
            else:
                return None
        if pending or (not groups and not deadline):
            return None
        if not groups and not _DEADLINE_CUE.search("".join(deadline)):
            return None
        return Tag(self._roles(groups), ",".join(deadline) or None)

    def _verb_after_units(self, chunk: str) -> re.Match | None:
        for match in _VERB_RE.finditer(chunk):
            before = chunk[:match.start()]
            if not before or self._units(before) is not None:
                return match
        return None

    def _units(self, text: str) -> list[str] | None:
        """Unit names in ``text``, or None when some part is not a unit."""
        names = []
        for part in text.split("、"):
            part = _ETC.sub("", part.strip())
            if self.registry.lookup(part):
                names.append(part)
                continue
            pieces = [_ETC.sub("", p.strip()) for p in _CONJUNCTIONS.split(part)]
            if len(pieces) > 1 and all(self._is_unit(p) for p in pieces):
                names.extend(pieces)
            elif self._is_unit(part):
                names.append(part)
            else:
                return None
        return names

    def _is_unit(self, name: str) -> bool:
        if not name:
            return False
        if self.registry.lookup(name):
            return True
        bare = _INNER.sub("", name)
        return bool(_UNIT_CHARS.match(name) and _UNIT_SUFFIX.search(bare))

    def _roles(self, groups: list[tuple[list[str], str]]) -> list[DeptRef]:
        roles = {r for _, r in groups}
        promote = "lead" not in roles and "participant" in roles
        refs = []
        for names, role in groups:
            if promote and role == "responsible":
                role = "lead"
            for name in names:
                unit = self.registry.lookup(name)
                refs.append(DeptRef(name, unit.name if unit else None, role))
        return refs


def _looks_like_deadline(text: str) -> bool:
    return bool(_TIME_CUE.search(text) and _DEADLINE_CUE.search(text))


_BRACKETING = re.compile(r"[()《》“”\n]")


def parentheticals(text: str, start: int = 0):
    """Top-level ``(…)`` groups outside 《》 and “”: yields (start, end, content)."""
    depth, opened, quoted = 0, -1, 0
    for match in _BRACKETING.finditer(text, start):
        i, char = match.start(), match.group()
        if char in "《“":
            quoted += 1
        elif char in "》”" and quoted:
            quoted -= 1
        elif quoted:
            continue
        elif char == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                yield opened, i + 1, text[opened + 1:i]
        elif char == "\n":
            depth = 0  # a bracket never spans lines


_LOOKS_ASSIGNING = re.compile(r"负责|牵头|参与|配合")


def extract_tasks(text: str, start: int, grammar: TagGrammar,
                  line: int) -> tuple[list[Task], list[Diagnostic]]:
    """Tasks closed by tags in ``text[start:]``, plus warnings for near-misses.

    A task's clause runs from the previous tag (or ``start``, the end of the
    heading's title) to its tag.
    """
    tasks: list[Task] = []
    warnings: list[Diagnostic] = []
    clause_start = start
    for open_at, close_at, content in parentheticals(text, start):
        tag = grammar.parse(content)
        if tag is None:
            if _LOOKS_ASSIGNING.search(content) and len(content) <= 60:
                warnings.append(Diagnostic(
                    "unclassified-tag", line,
                    "a parenthetical mentions an assignment but is not a valid tag",
                    text[open_at:close_at]))
            continue
        clause = text[clause_start:open_at].strip(" \n").lstrip("。,;").strip(" \n")
        tasks.append(Task(clause, text[open_at:close_at], tag.departments, tag.deadline))
        for dept in tag.departments:
            if dept.canonical is None:
                warnings.append(Diagnostic(
                    "unknown-department", line,
                    f"{dept.name} is not in the department registry", dept.name))
        clause_start = close_at
    return tasks, warnings
