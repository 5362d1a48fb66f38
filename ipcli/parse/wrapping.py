"""Hard-wrapped text: the column a text was cut at, and headings cut by it.

Text copied out of a PDF or an e-mail is often cut into lines of one width, in
the middle of sentences::

    (一)加大专利侵权纠纷行政裁决力度,完善行政裁决
    工作机制,推动建立行政裁决与调解、仲裁、诉讼等的
    衔接机制,提升案件办理质量和效率。(保护司负责)

``wrap_width(lines)`` finds that width (in display columns: a Chinese character
counts 2) when most lines end within a few columns of it and almost none goes
past it; a text with one paragraph per line has no such width. A heading line
that fills the width and goes on in the next line is not a title on its own:
``wrapped_title`` gives the title the unwrapped text would give (``加大…效率``,
up to the first ``。``), or ``(一)推动知识产权核心指标纳入国民经济和社会发展`` +
``规划`` joined when a title alone wraps onto a short line. The node's text keeps
its lines (and so its line numbers); only the title is read across them.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from .markers import looks_like_marker_line
from .rules import heading_title, marker_at

SLACK = 4  # a wrapped line may stop short of the width (no 、,。 at a line start)
_MIN_WIDTH = 44  # narrower "wraps" are lists of lines of one length, not prose
_MIN_SHARE = 0.3  # of the lines of some length at the width
_MAX_OVER = 0.05  # of the lines past it, or 2 (a long URL, a title set apart)
_WIDE_ASCII = ",;:()!?"  # full-width in the printed text, ASCII once normalised
_SENTENCE = "。,;:!?"
_ENDS = ("。", ";", "!", "?", ")", "】", "〕")  # a line ending so is not cut: no join after it
_CLOSED = "。;!?)】〕."  # a sentence or a bracket ends there: seldom where a wrap cuts
_MIN_CUT = 0.5  # of the lines at the width that stop mid-sentence
# a space between Chinese words: a row of columns (名称 项目), not a cut sentence
_COLUMNS = re.compile(r"[\u3400-\u9fff)》] +[\u3400-\u9fff(《]")


def display_width(line: str) -> int:
    """Columns the line took when printed: ``"(一)总体要求"`` → 13, ``"2023年"`` → 6.

    ``,;:()!?`` count 1.5: normalised text has them in ASCII whether they were
    printed full-width (2 columns) or half-width (1)."""
    wide_ascii = sum(line.count(c) for c in _WIDE_ASCII)
    if line.isascii():
        return (2 * len(line) + wide_ascii) // 2
    # UTF-8 gives 1 byte to ASCII and 3 to CJK: chars + bytes counts CJK 4, ASCII 2
    return (len(line) + len(line.encode("utf-8", "surrogatepass")) + wide_ascii) // 2


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was cut at, or None when it was not.

    Lines of one length are not enough (a plan printing one item a line has them):
    most lines at the width must also stop mid-sentence, not at ``。`` or ``)``, hold no
    columns (``浙江大学 一种…方法``), and go on in a line that is no item of its own."""
    prose = [line for line in lines if len(line) >= _MIN_WIDTH // 4 and line[0] != "|"
             and not looks_like_marker_line(line)]  # (a table's rows, 责任单位 lines)
    lengths = sorted(map(len, prose), reverse=True)
    total = len(lengths)
    if total < 6:
        return None
    # the usual text, one paragraph per line, stops here: a band's top has at most
    # the allowed lines past it, so the band lies at or above this length
    floor = lengths[min(total - 1, _allowed_over(total))] - 2 * SLACK
    if bisect_right([-n for n in lengths], -floor) < max(4, _MIN_SHARE * total):
        return None
    if _banded(Counter(lengths), 2 * SLACK) is None:
        return None
    measured = [(display_width(line), line) for line in prose]
    width = _banded(Counter(w for w, _ in measured), SLACK)
    if width is None or width < _MIN_WIDTH:
        return None
    following = dict(zip(lines, lines[1:]))  # (a repeated line: its last follower)
    full = [line for w, line in measured if w >= width - SLACK]
    cut = sum(1 for line in full if line[-1] not in _CLOSED and not _columns(line)
              and _plain(following.get(line, "")))
    return width if cut >= _MIN_CUT * len(full) else None


def _columns(line: str) -> bool:
    """A space between Chinese words after any numbering label (``第一条 `` keeps its
    space): ``浙江大学 一种…方法`` is a row of columns, not a cut sentence."""
    marker = marker_at(line)
    return _COLUMNS.search(line, marker.end if marker else 0) is not None


def _plain(line: str) -> bool:
    """A line that can continue a cut one: no numbering, no ``责任单位:`` label. (Items
    printed one a line without a final ``。`` are followed by the next item.)"""
    return bool(line) and marker_at(line) is None and not looks_like_marker_line(line)


def _allowed_over(total: int) -> int:
    return max(2, int(_MAX_OVER * total))


def _banded(counts: Counter, slack: int) -> int | None:
    """The top of the band of ``slack`` + 1 values holding most lines, when it holds
    enough of them and few lines are past it."""
    total = sum(counts.values())
    band = {top: sum(counts.get(top - d, 0) for d in range(slack + 1)) for top in counts}
    top = max(band, key=lambda w: (band[w], w))
    over = sum(n for w, n in counts.items() if w > top)
    if band[top] < max(4, _MIN_SHARE * total) or over > _allowed_over(total):
        return None
    return top


def is_full(line: str, width: int | None) -> bool:
    """Whether the line reaches the wrap width (so the next line may continue it)."""
    return width is not None and display_width(line) >= width - SLACK


def wrapped_title(text: str, more: list[str], width: int) -> str | None:
    """The title of a heading whose line (``text``, after its label) fills the width
    and goes on in ``more``; None when the line's own title stands.

    Running text (a ``,`` or ``;`` before any ``。``) gives the title of the lines
    joined up to the end of the sentence or paragraph, as unwrapped; a line without
    punctuation followed by a short one without any is a title cut in two. Any other
    full line keeps its title: a title that fills the line exactly is as likely as
    one cut mid-word (the task's text then starts at the title, see ``cut_heading``)."""
    if not more:
        return None
    head = text.split("。", 1)[0]
    if "," in head or ";" in head:
        run = [text]
        for line in more:
            if looks_like_marker_line(line):
                break
            run.append(line)
            if not is_full(line, width) or "。" in line:
                break
        return heading_title("".join(run)) or None
    follow = more[0]
    if not any(c in text + follow for c in _SENTENCE) and not is_full(follow, width) \
            and not looks_like_marker_line(follow):
        return heading_title(text + follow) or None
    return None


def cut_heading(text: str, start: int, joins: frozenset[int]) -> bool:
    """Whether a node's title, ending at ``start``, is a whole first line that wraps
    on (its task's text must then include it, or the sentence would lose its start)."""
    first_break = text.find("\n")
    return first_break >= 0 and first_break in joins and start == first_break + 1


def wrap_joins(text: str, label: str | None, width: int | None) -> frozenset[int]:
    """Offsets of the line breaks in a node's text that only wrap a full line (a
    bracket or a ``责任单位:`` line may go on past them); the first line is measured
    with its label: ``(一)``. A full line wraps on when it stops mid-sentence, and
    not onto a ``责任单位:``/``完成时限:`` line (those start lines of their own),
    unless it cuts that label (``完成|时限:``); a full line inside an open bracket
    always wraps on (``(省市场监管局负责;|2024年底前完成)``)."""
    if width is None or "\n" not in text:
        return frozenset()
    joins, pos, depth = [], 0, 0
    lines = text.split("\n")
    for k, line in enumerate(lines[:-1]):
        pos += len(line)
        depth = _open_after(line, depth)
        after = lines[k + 1]
        if is_full(line if k else (label or "") + line, width) and (depth or (
                not line.endswith(_ENDS)
                and (not looks_like_marker_line(after) or _cuts_label(line, after)))):
            joins.append(pos)
        else:
            depth = 0  # a bracket never spans a break that is no wrap
        pos += 1
    return frozenset(joins)


def _open_after(line: str, depth: int) -> int:
    """Brackets still open at the end of ``line``, ``depth`` being open before it."""
    for char in line:
        if char in "(【〔":
            depth += 1
        elif char in ")】〕" and depth:
            depth -= 1
    return depth


def _cuts_label(line: str, after: str) -> bool:
    """``完成`` | ``时限:2024年底前``: the line ends with the start of the label that
    the next line seems to begin with."""
    return any(looks_like_marker_line(line[-k:] + after) for k in range(1, 5)
               if len(line) >= k and "\u4e00" <= line[-k] <= "\u9fff")


def continues(line: str, width: int | None) -> bool:
    """Whether the text goes on from ``line`` into the next line: it fills the width
    and stops mid-sentence."""
    return not line.endswith(_ENDS) and is_full(line, width)
