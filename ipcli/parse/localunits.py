"""Local units by their form: a locality level, a department stem, a suffix.

Provincial and city plans assign tasks to ``市财政局``, ``区科技局``, ``省商务厅``,
``市委宣传部`` or ``杭州市市场监管局``: no registry can list every one, but
they are all built the same way::

    [place] level [委] stem suffix        杭州 市 · 市场监管 局
    [place] level whole                   ·    县 · 人民政府

``level`` is 省/市/区/县/州/旗…, ``stem`` a ministry's short name (``财政`` from
``财政部``, ``科技`` from ``科技部``, ``市场监管`` from ``市场监管总局`` — derived
from the national units of the registry, plus local-only stems such as ``经信``),
``suffix`` 厅/局/委/办…, ``whole`` a unit named by its level alone
(``人民政府``, ``中级人民法院``). The lists are the ``local:`` section of
``data/departments.yaml``.

``match("市财政局")`` → ``LocalMatch(named=False)`` (the locality depends on the
issuer); ``match("杭州市财政局").named`` is True; ``match("财政局")`` is None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# Prefixes and suffixes that turn a national unit's name into its stem:
# 国家知识产权局 → 知识产权, 国家发展改革委 → 发展改革, 中央宣传部 → 宣传.
_NATIONAL_PREFIX = re.compile(r"^(中华人民共和国|中共中央|国务院|国家|中国|中央|全国)")
_NATIONAL_SUFFIX = re.compile(r"(总局|委员会|办公室|办公厅|部|委|局|署|厅|办|院)$")
STEM_KINDS = ("state-council", "party-central")
# A place that does not name one locality: 各市财政局, 本市…, or levels only (区县科技局).
_UNNAMED = re.compile(r"^(各|本|该|全|当地|所在|有关|相关)")


@dataclass(frozen=True)
class LocalMatch:
    named: bool  # the name says which locality (杭州市财政局), not just its level


def national_stem(name: str) -> str | None:
    """``国家知识产权局`` → ``知识产权``; None when nothing of two or more characters is left."""
    stem = name
    while True:
        shorter = _NATIONAL_PREFIX.sub("", stem)
        if shorter == stem:
            break
        stem = shorter
    bare = _NATIONAL_SUFFIX.sub("", stem)
    if bare == stem or not 2 <= len(bare) <= 12 or not re.fullmatch(f"[{_CJK}]+", bare):
        return None
    return bare


class LocalUnits:
    """The compiled pattern; ``levels``, ``stems``, ``suffixes``, ``whole`` are name lists."""

    def __init__(self, levels: list[str], stems: list[str], suffixes: list[str],
                 whole: list[str]):
        self.levels = levels
        if not levels or not ((stems and suffixes) or whole):
            self._full = self._inside = None
            return
        parts = []
        if stems and suffixes:
            parts.append(f"委?(?:{_alternatives(stems)})(?:{_alternatives(suffixes)})")
        if whole:
            parts.append(f"(?:{_alternatives(whole)})")
        core = f"(?:{_alternatives(levels)})(?:{'|'.join(parts)})"
        self._full = re.compile(f"(?P<place>[{_CJK}]{{0,12}}?){core}")
        self._inside = re.compile(core)
        self._only_levels = re.compile(f"(?:{_alternatives(levels)}|、)+")

    def match(self, name: str) -> LocalMatch | None:
        """Whether ``name`` (normalised, no brackets) is a local unit, and if its place is named."""
        if self._full is None:
            return None
        found = self._full.fullmatch(name)
        if not found:
            return None
        place = found.group("place")
        named = bool(place) and not _UNNAMED.match(place) \
            and not self._only_levels.fullmatch(place)
        return LocalMatch(named)

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Local-unit names (without place) overlapping ``text[start:end]``: ``省知识产权局``."""
        if self._inside is None:
            return []
        lo = max(0, start - 12)
        return [(m.start(), m.end()) for pos in range(lo, end)
                if (m := self._inside.match(text, pos)) and m.end() > start]


def _alternatives(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)
