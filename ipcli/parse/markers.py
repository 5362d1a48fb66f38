"""The marker grammar: who must do what, in every form notices print it.

A *marker* assigns the clause before it to units. ``MarkerGrammar.parse`` reads
the content of a bracket or a marker line (normalised text)::

    保护司负责                                  保护司 responsible
    运用促进司负责,公共服务司、商标局参与         responsible; participant ×2
    国家知识产权局牵头,中央宣传部等按职责分工负责   lead; participant
    工信部与人社部共同负责                       responsible ×2
    责任单位:市财政局、市科技局                  responsible ×2 (labelled)
    牵头单位:市商务局;配合单位:各区县政府;完成时限:2023年12月底前
    2023年12月底前,保护司负责                   a deadline before the units
    市商务局牵头,市级有关部门按职责分工负责。以下各项均需各区县政府落实
                                               …and a note after the 。
    持续推进                                   a deadline alone

The content is cut at the first top-level ``。`` (the rest is the ``note``),
then at ``,``/``;`` into chunks. Each chunk is a labelled list (``牵头单位:X``), a
unit list ending in a role verb (``X、Y负责``, optionally followed by a
deadline), a unit list waiting for the next verb (``公共服务司、商标局`` before
``参与``) or for the preceding label (``责任单位:X,Y``), or a deadline. Any other
chunk means the content is not a marker. Roles say what the marker prints
(``ROLE_OF``); ``按职责分工负责`` is ``participant`` after a leading unit and
``responsible`` otherwise.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import DeptRef
from ..text.script import to_simplified
from .deadlines import is_deadline, is_deadline_alone
from .registry import Registry

BY_DUTY = "by-duty"  # 按职责分工负责: depends on whether a unit leads
VERBS = {"牵头负责": "lead", "牵头": "lead",
         "负责": "responsible", "共同负责": "responsible", "分别负责": "responsible",
         "按职责分工负责": BY_DUTY, "按照职责分工负责": BY_DUTY, "按职责负责": BY_DUTY,
         "按照职责负责": BY_DUTY, "按各自职责负责": BY_DUTY, "分工负责": BY_DUTY,
         "参与": "participant", "参加": "participant", "配合": "participant",
         "协助": "participant", "支持": "participant", "协办": "participant"}
LABELS = {"牵头单位": "lead", "牵头部门": "lead",
          "责任单位": "responsible", "责任部门": "responsible", "主责单位": "responsible",
          "主责部门": "responsible",
          "配合单位": "participant", "配合部门": "participant", "参与单位": "participant",
          "参与部门": "participant", "协办单位": "participant", "协办部门": "participant",
          "协助单位": "participant", "支持单位": "participant"}
DEADLINE_LABELS = ("完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "时间要求", "时限")
ROLE_OF = {**VERBS, **LABELS}
MAX_MARKER = 300  # longer brackets are prose

_VERB_RE = re.compile("|".join(sorted(VERBS, key=len, reverse=True)))
_LABEL_RE = re.compile("(" + "|".join(sorted([*LABELS, *DEADLINE_LABELS], key=len,
                                              reverse=True)) + "):")
# The last word of a unit's name: 深圳海关, 各高校, 省科协, 省妇联, 省工商联 (people's
# organisations), 人行杭州中心支行, 工商银行浙江省分行 (a bank's branches), 知识产权科
# (a section of a city or county bureau, as 处 of a province's).
_UNIT_SUFFIX = re.compile(r"(司|局|部|委|办|院|署|会|厅|中心|室|处|科|政府|部门|单位|机构|机关|法院|检察院"
                          r"|协会|集团|公司|银行|社|台|小组|办公室|委员会|总局"
                          r"|海关|大学|学校|高校|研究所|总队|支队|大队|园区"
                          r"|科协|[妇残侨文]联|工商联|社科联|支行|分行)$")
_UNIT_CHARS = re.compile(r"^[\u4e00-\u9fff()、]{2,40}$")
_CONJUNCTIONS = re.compile(r"会同|与|和|及")
_ETC = re.compile(r"(等有关部门|等相关部门|等部门|等单位|等)$")
_INNER = re.compile(r"\([^()]*\)")


@dataclass
class Marker:
    departments: list[DeptRef]
    deadline: str | None
    note: str | None


@dataclass
class _State:
    groups: list[tuple[list[str], str]]
    pending: list[str]
    deadline: list[str]
    label_role: str | None = None  # the role of the last label, for ``责任单位:X,Y``


class MarkerGrammar:
    """Reads markers with a registry to recognise unit names."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._memo: dict[tuple[str, bool], Marker | None] = {}

    @classmethod
    def shared(cls, registry: Registry) -> "MarkerGrammar":
        """One grammar per registry, so its memo serves every document of a run."""
        return _shared_grammar(registry)

    def parse(self, content: str, labelled: bool = False) -> Marker | None:
        """The marker in ``content`` (inside the brackets, or a whole line), or None.

        ``labelled=True`` (marker lines) requires the content to start with a
        label such as ``责任单位:``. Results are memoised; callers get fresh
        objects (``--keep-script`` rewrites names in place).
        """
        memo_key = (content, labelled)
        if memo_key not in self._memo:
            if len(self._memo) > 20_000:
                self._memo.clear()
            self._memo[memo_key] = self._parse(content, labelled)
        found = self._memo[memo_key]
        if found is None:
            return None
        return Marker([DeptRef(d.name, d.canonical, d.role, d.kind) for d in found.departments],
                      found.deadline, found.note)

    def _parse(self, content: str, labelled: bool) -> Marker | None:
        content = to_simplified(content.strip())  # already so after normalising
        if not content or len(content) > MAX_MARKER:
            return None
        if labelled and not _LABEL_RE.match(content):
            return None
        head, note = _split_note(content)
        state = _State([], [], [])
        for chunk in _split(head, ",;"):
            chunk = chunk.strip()
            if chunk and not self._chunk(chunk, state):
                return None
        if state.pending or not (state.groups or state.deadline):
            return None
        deadline = ",".join(state.deadline) or None
        if not state.groups and not is_deadline_alone(deadline or ""):
            return None
        return Marker(self._refs(state.groups), deadline, note)

    def _chunk(self, chunk: str, state: _State) -> bool:
        """Consume one chunk; False when it is none of the forms above."""
        label = _LABEL_RE.match(chunk)
        if label:
            return self._labelled(label.group(1), chunk[label.end():].strip(), state)
        verb = self._verb(chunk, bool(state.pending))
        if verb:
            units = self.units(chunk[:verb.start()]) if verb.start() else []
            state.groups.append((state.pending + (units or []), VERBS[verb.group()]))
            state.pending = []
            rest = chunk[verb.end():].strip()
            if rest:
                state.deadline.append(rest)
            return True
        units = self.units(chunk)
        if units and state.label_role and not state.pending:
            state.groups.append((units, state.label_role))  # 责任单位:X,Y
        elif units:
            state.pending.extend(units)  # waiting for a verb: X、Y,Z参与
        elif is_deadline(chunk):
            state.deadline.append(chunk)
        else:
            return False
        return True

    def _labelled(self, label: str, rest: str, state: _State) -> bool:
        """``责任单位:X、Y`` or ``完成时限:2023年12月底前``."""
        role = LABELS.get(label)
        state.label_role = role
        if not rest:
            return False
        if role is None:
            state.deadline.append(rest)
            return True
        units = self.units(rest)
        if units:
            state.groups.append((units, role))
        return bool(units)

    def _verb(self, chunk: str, pending: bool) -> re.Match | None:
        """The role verb ending the chunk (or followed by a deadline), after a unit list."""
        for match in _VERB_RE.finditer(chunk):
            before, rest = chunk[:match.start()], chunk[match.end():].strip()
            if rest and not is_deadline(rest):
                continue
            if (not before and pending) or (before and self.units(before)):
                return match
        return None

    def units(self, text: str) -> list[str] | None:
        """Unit names in ``text`` (``X、Y等部门``, ``X与Y``), or None when some part is not one."""
        parts = [p.strip() for p in _split(text, "、")]
        names: list[str] = []
        i = 0
        while i < len(parts):
            found = self._one(parts[i])
            if found is not None:
                names.extend(found)
                i += 1
                continue
            joined = self._joined(parts, i)  # 各市、县(市、区)政府: 各市 alone is no unit
            if joined is None:
                return None
            names.append(joined[0])
            i = joined[1]
        return names or None

    def _joined(self, parts: list[str], i: int) -> tuple[str, int] | None:
        for j in range(min(len(parts), i + 4), i + 1, -1):
            name = _ETC.sub("", "、".join(parts[i:j]))
            if self.registry.lookup(name):
                return name, j
        return None

    def _one(self, part: str) -> list[str] | None:
        """A registry name (文化和旅游部), else units joined by 与/和/及 (X与Y), else one unit."""
        part = _ETC.sub("", part)
        if self.registry.lookup(part):
            return [part]
        pieces = [_ETC.sub("", p.strip()) for p in _CONJUNCTIONS.split(part)]
        if len(pieces) > 1 and all(self._is_unit(p) for p in pieces):
            return pieces
        return [part] if self._is_unit(part) else None

    def _is_unit(self, name: str) -> bool:
        if not name:
            return False
        if self.registry.identify(name):
            return True
        return bool(_UNIT_CHARS.match(name) and _UNIT_SUFFIX.search(_INNER.sub("", name)))

    def _refs(self, groups: list[tuple[list[str], str]]) -> list[DeptRef]:
        refs: list[DeptRef] = []
        for names, role in groups:
            if role == BY_DUTY:
                role = "participant" if any(r.role == "lead" for r in refs) else "responsible"
            for name in names:
                found = self.registry.identify(name)
                refs.append(DeptRef(name, found.canonical if found else None, role,
                                    found.kind if found else None))
        return refs


@functools.lru_cache(maxsize=8)
def _shared_grammar(registry: Registry) -> MarkerGrammar:
    return MarkerGrammar(registry)


def _split_note(content: str) -> tuple[str, str | None]:
    """``X负责。以下各项…`` → (``X负责``, ``以下各项…``): the first top-level 。 ends the assignment."""
    parts = _split(content, "。", limit=1)
    if len(parts) == 1:
        return content, None
    note = parts[1].strip()
    return parts[0], note or None


def _split(text: str, separators: str, limit: int = -1) -> list[str]:
    """``text`` cut at ``separators`` outside brackets: ``县(市、区)`` stays whole."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "(〔【":
            depth += 1
        elif char in ")〕】" and depth:
            depth -= 1
        elif char in separators and depth == 0 and limit != 0:
            parts.append(text[start:i])
            start = i + 1
            limit -= 1
    parts.append(text[start:])
    return parts


def looks_like_marker(content: str) -> bool:
    """Whether a bracket's content reads as an assignment (warn when it does not parse)."""
    return len(content) <= MAX_MARKER and bool(_MARKERISH.search(content))


def looks_like_marker_line(line: str) -> bool:
    """``责任单位:…``, ``牵头部门:…``, ``完成时限:…`` and near-misses such as ``责任领导:…``."""
    return bool(_MARKER_LINE.match(line))


_MARKERISH = re.compile(r"负责(?!人|同志)|牵头|(?:参与|配合|协助|支持|协办)(?:$|[,;。])"
                        r"|(?:责任|牵头|配合|协办|参与|主责|协助|支持)(?:单位|部门)|完成时限|完成期限")
_MARKER_LINE = re.compile(r"^(?:(?:责任|牵头|配合|协办|参与|主责|协助|支持)[^,;。:]{0,2}"
                          r"(?:单位|部门|领导|处室|人)|完成时[限间]|完成期限|时间节点|时限)[^,;。:]{0,4}:")
