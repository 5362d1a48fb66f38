"""Tasks in a node's text: markers found, clauses cut, every near-miss warned.

``extract_tasks("制定出台《规范》,统一服务标准。(保护司负责)", 0, grammar)`` → one
task: text ``制定出台《规范》,统一服务标准。``, tag ``(保护司负责)``, 保护司
responsible.

Markers (their grammar is ``markers``) are found in two places:

- **brackets** ``()〔〕【】`` outside 《》 and “”, e.g. ``…服务标准。(保护司负责)``;
- **marker lines**: a line starting with a label — ``责任单位:市财政局、市科技局``,
  ``牵头单位:市商务局;配合单位:…``, ``完成时限:2023年12月底前`` — or the end of a
  line after ``。`` starting with one. They follow the item they belong to, whose
  node text they continue.

A task's clause runs from the end of the previous marker — for the first
marker, from the end of the node's title — to the marker; when that is empty
the title is the whole clause (``1、加强保护。(保护司负责)`` → ``加强保护。``).
Decoration between a sentence and its tag (``★``, ``[重点任务]``, ``【重点】``) is
not the clause: ``加强保护。★(保护司负责)`` → ``加强保护。`` too. A
marker right after another, only punctuation between (``(保护司负责)`` and then a
``完成时限:`` line), adds to the same task and widens its tag. A bracket or line
that looks like a marker but does not parse, or a marker with no text before it,
is an ``unclassified-marker`` warning naming its line; a name the registry does
not know is an ``unknown-department`` warning. Nothing is dropped silently.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Iterator

from ..model import Diagnostic, Node, Task
from .deadlines import due
from .markers import (
    DEADLINE_LABELS,
    LABELS,
    MarkerGrammar,
    looks_like_marker,
    looks_like_marker_line,
)

TagGrammar = MarkerGrammar  # the name the parser imports

_OPEN = {"(": ")", "〔": "〕", "【": "】"}
_BRACKETING = re.compile(r"[()〔〕【】《》“”\n]")
_LABEL_AFTER_STOP = re.compile("。(?=(?:" + "|".join(sorted([*LABELS, *DEADLINE_LABELS], key=len,
                                                          reverse=True)) + "):)")
_SEPARATORS = re.compile(r"[\s。,;:、]*")
# Decoration printed between a sentence and its tag: symbols (★ ▲ ※ ●) and short
# bracketed labels ([重点任务], 【重点】); never words, quotes, 《》 or ().
_LABEL = r"\[[^\[\]\n]{1,12}\]|【[^【】\n]{1,12}】|〔[^〔〕\n]{1,12}〕"
_LABELS = re.compile(_LABEL)
_DECORATION = rf"(?:[^\w\s。,;:!?、“”‘’\"'《》「」『』()\[\]【】〔〕—…\-.]|{_LABEL})"
_WORD = re.compile(r"[^\W_]")
# a bracket opened at a line's end and closed early in the next line: (保护\n司负责)
_CUT_BRACKET = re.compile(r"[(〔【](?P<head>[^()〔〕【】\n]{0,40}+)(?P<break>\n)"  # possessive:
                          r"(?P<tail>[^()〔〕【】\n]{0,40}+)[)〕】]")  # no backtracking
_TRAILING_DECORATION = re.compile(rf"[。;!?](?:\s*{_DECORATION})+\s*$")


@dataclass
class Candidate:
    start: int
    end: int
    content: str
    line: bool  # a marker line (labelled), not a bracket


def brackets(text: str, start: int = 0,
             joins: frozenset[int] = frozenset()) -> Iterator[tuple[int, int, str]]:
    """Top-level ``(…)``/``〔…〕``/``【…】`` outside 《》 and “”: (start, end, content).

    A bracket left open at the end of its line hides nothing: in
    ``加强保护。((加强…【保护司负责】`` the ``【保护司负责】`` is top level. A bracket
    spans a line break only at ``joins`` (offsets of line breaks that merely wrap a
    line, see ``wrapping``); its content is then given without them."""
    stack: list[tuple[str, int]] = []  # (the closer awaited, where it opened)
    pairs: list[tuple[int, int]] = []  # closed on this line, in closing order
    quoted = 0
    for match in _BRACKETING.finditer(text, start):
        i, char = match.start(), match.group()
        if char in "《“":
            quoted += 1
        elif char in "》”":
            quoted = max(0, quoted - 1)
        elif char == "\n":
            if i in joins:
                continue
            yield from _outermost(text, pairs)
            stack, pairs, quoted = [], [], 0  # a bracket never spans lines
        elif quoted:
            continue
        elif char in _OPEN:
            stack.append((_OPEN[char], i))
        elif stack and char == stack[-1][0]:
            pairs.append((stack.pop()[1], i))
    yield from _outermost(text, pairs)


def _outermost(text: str, pairs: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """The pairs not inside another closed pair, in order (pairs nest: sort by start)."""
    end = -1
    for opened, closed in sorted(pairs):
        if opened > end:
            yield opened, closed + 1, text[opened + 1:closed].replace("\n", "")
            end = closed


parentheticals = brackets  # former name


def marker_lines(text: str, joins: frozenset[int] = frozenset()) -> list[Candidate]:
    """Lines, or ends of lines after ``。``, that start like a marker label; a line
    wrapped at ``joins`` is read with the lines it wraps onto."""
    found, pos = [], 0
    for line in _logical_lines(text, joins):
        content = line.replace("\n", "") if joins else line
        if looks_like_marker_line(content):
            found.append(Candidate(pos, pos + len(line), content, True))
        else:
            stop = _LABEL_AFTER_STOP.search(content)  # 。责任\n单位: cut by a wrap too
            if stop:
                at = _in_line(line, stop.end())
                found.append(Candidate(pos + at, pos + len(line), content[stop.end():], True))
        pos += len(line) + 1
    return found


def _in_line(line: str, offset: int) -> int:
    """Where ``offset`` in ``line`` without its line breaks falls in ``line``."""
    at = 0
    for piece in line.split("\n"):
        if offset <= len(piece):
            return at + offset
        offset -= len(piece)
        at += len(piece) + 1
    return len(line)


def _logical_lines(text: str, joins: frozenset[int]) -> list[str]:
    """``text``'s lines, those wrapped at ``joins`` kept together (with their breaks)."""
    if not joins:
        return text.split("\n")
    lines, begin = [], 0
    for at in sorted(j for j in (m.start() for m in re.finditer("\n", text)) if j not in joins):
        lines.append(text[begin:at])
        begin = at + 1
    lines.append(text[begin:])
    return lines


def _candidates(text: str, joins: frozenset[int] = frozenset()) -> list[Candidate]:
    lines = marker_lines(text, joins)
    inside = [(c.start, c.end) for c in lines]
    found = lines + [Candidate(s, e, content, False) for s, e, content in brackets(text, 0, joins)
                     if not any(a <= s and e <= b for a, b in inside)]
    return sorted(found, key=lambda c: c.start)


def extract_tasks(text: str, start: int, grammar: MarkerGrammar, line: int = 1,
                  year: int | None = None,
                  line_of: Callable[[int], int] | None = None,
                  joins: frozenset[int] = frozenset()) -> tuple[list[Task], list[Diagnostic]]:
    """Tasks closed by markers in ``text``, plus warnings; ``start`` is the title's end.

    ``year`` (the document's) dates ``年内``/``年底前``; ``line_of(offset)`` gives the
    original line of an offset in ``text`` (default: ``line`` plus newlines before it);
    ``joins``: line breaks of a hard-wrapped text that a marker may span.
    """
    cutter = _Cutter(text, _outside_brackets(text, start), year,
                     line_of or (lambda pos: line + text.count("\n", 0, pos)))
    for cand in _candidates(text, joins):
        marker = grammar.parse(cand.content, labelled=cand.line)
        if marker is not None:
            cutter.add(cand, marker)
        elif cand.line or looks_like_marker(cand.content):
            cutter.warn(cand, "looks like a department marker but was not understood")
    cuts = _CUT_BRACKET.finditer(text) if "\n" in text else ()
    for cut in cuts:  # (保护\n司负责) not read as a marker: never lost in silence
        if cut.start("break") not in joins and looks_like_marker(cut["head"] + cut["tail"]):
            cutter.warn(Candidate(cut.start(), cut.end(), cut.group(), False),
                        "a department marker cut across lines was not read (is the text "
                        "hard-wrapped?)")
    return cutter.tasks, cutter.warnings


class _Cutter:
    """One node's tasks so far, and where the last marker ended."""

    def __init__(self, text: str, title_end: int, year: int | None,
                 line_of: Callable[[int], int]):
        self.text, self.title_end, self.year, self.line_of = text, title_end, year, line_of
        self.tasks: list[Task] = []
        self.warnings: list[Diagnostic] = []
        self.tag_start = -1  # where the last task's tag starts (-1: none to merge into)
        self.last_end = 0

    def add(self, cand: Candidate, marker) -> None:
        text = self.text
        if self.tasks and self.tag_start >= 0 \
                and (_SEPARATORS.fullmatch(text, self.last_end, cand.start)
                     or _no_words(text[self.last_end:cand.start])):
            _merge(self.tasks[-1], marker, text[self.tag_start:cand.end], self.year)
        else:
            clause = _clause(text, self.last_end, cand.start) if self.tasks else \
                _first_clause(text, self.last_end, self.title_end, cand.start)
            self.last_end = cand.end
            if not clause:
                self.warn(cand, "a department marker with no text before it to assign")
                return
            self.tasks.append(Task(clause, text[cand.start:cand.end], marker.departments,
                                   marker.deadline, due(marker.deadline, self.year), marker.note))
            self.tag_start = cand.start
        self.last_end = cand.end
        self.warnings += [Diagnostic("unknown-department", self.line_of(cand.start),
                                     f"{d.name} is not in the department registry", d.name)
                          for d in marker.departments if d.kind is None]

    def warn(self, cand: Candidate, message: str) -> None:
        self.warnings.append(Diagnostic("unclassified-marker", self.line_of(cand.start), message,
                                        self.text[cand.start:cand.end]))


def _clause(text: str, start: int, end: int) -> str:
    """The clause between ``start`` and ``end``; "" when it has no words (``★``,
    ``[重点任务]``), and
    decoration after its last sentence is left out: ``严厉打击恶意注册行为。★`` →
    ``严厉打击恶意注册行为。`` (the node's text keeps it)."""
    if start >= end or _no_words(text[start:end]):
        return ""
    clause = _clean(text[start:end])
    trailing = _TRAILING_DECORATION.search(clause)
    return clause[:trailing.start() + 1] if trailing else clause


def _no_words(clause: str) -> bool:
    """No word outside bracketed labels: ``★``, ``[重点任务]``; not ``(TISC)``."""
    return not _WORD.search(_LABELS.sub("", clause) if "[" in clause or "【" in clause
                            or "〔" in clause else clause)


def _first_clause(text: str, begin: int, title_end: int, end: int) -> str:
    """After the title; the title too when nothing follows it (``加强保护。(保护司负责)``).

    ``begin`` is the end of a marker that closed no text, if any.
    """
    return _clause(text, max(begin, title_end), end) or _clause(text, begin, end)


def _outside_brackets(text: str, pos: int) -> int:
    """``pos``, or the end of the bracket it falls in (a title cut at a 。 inside brackets)."""
    for start, end, _ in brackets(text):
        if start < pos < end:
            return end
        if start >= pos:
            break
    return pos


def _clean(clause: str) -> str:
    return clause.strip(" \n").lstrip("。,;:、").strip(" \n")


def _merge(task: Task, marker, tag: str, year: int | None) -> None:
    """A marker right after another: ``(保护司负责)`` + ``完成时限:2023年底前``."""
    task.tag = tag
    for dept in marker.departments:  # 牵头 in the tag and again under 责任单位: one entry
        same = next((d for d in task.departments if _same_unit(d, dept)), None)
        if same is None:
            task.departments.append(dept)
        elif _RANK[dept.role] < _RANK[same.role]:
            same.role = dept.role
    if marker.deadline:
        task.deadline = f"{task.deadline};{marker.deadline}" if task.deadline else marker.deadline
        task.due = due(task.deadline, year)
    if marker.note:
        task.note = f"{task.note};{marker.note}" if task.note else marker.note


_RANK = {"lead": 0, "responsible": 1, "participant": 2}  # the strongest role is kept


def _same_unit(a, b) -> bool:
    return (a.canonical or a.name) == (b.canonical or b.name)


class LineMap:
    """Original line numbers of offsets in a node's text, from the tree's spans."""

    def __init__(self, spans: dict[str, list[int]], offsets: list[int], numbers: list[int]):
        self.spans, self.offsets, self.numbers = spans, offsets, numbers

    def for_node(self, node: Node) -> Callable[[int], int]:
        span = self.spans.get(node.id)
        if span is None or not self.offsets:
            first, last = node.lines
            return lambda pos: min(first + node.text.count("\n", 0, pos), last)
        base = span[0]
        return lambda pos: self.numbers[max(0, bisect_right(self.offsets, base + pos) - 1)]
