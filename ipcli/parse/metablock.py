"""Metadata blocks that government sites print above (or below) a notice.

As labelled lines, several pairs to a line::

    索引号: 11440100/2023-00123 发布机构: 某某区人民政府 文号: 某政发〔2023〕7号
    成文日期: 2023-05-17 发布日期: 2023-05-19

or as a ``|`` table (``| 索引号 | 11440100/2023-00123 | 发布机构 | 某某区人民政府 |``, or
``|文号:某政发〔2023〕7号|成文日期:2023年05月17日|``), and a title label
(``标题:`` / ``发文标题:`` / ``名称:``). ``fields(line)`` gives the pairs under a
field name: ``{"index": …, "issuer": "某某区人民政府", "doc_number": …}``.

A line is a metadata line only when it *starts* with a known label (or is a
table whose first cell is one), so running text mentioning 文号 is not. A
``来源:`` after the first label is read too (``发布时间:2024-03-05 来源:保护司`` →
``origin: 保护司``, also when the space between them was lost). A grid
table from a reader (HTML ``<table>``, Word) whose rows start with labels is such
a block too (``is_metadata_table``): it is read here, not as a task table.
"""
from __future__ import annotations

import re

from ..text.script import to_simplified

# label → field (several labels, one field); longest labels are tried first
LABELS = {
    "索引号": "index", "主题分类": "subject", "主题词": "keywords", "体裁分类": "genre",
    "公文种类": "genre", "发文机关": "issuer", "发布机关": "issuer", "发布机构": "issuer",
    "发文单位": "issuer", "发布单位": "issuer", "制发机关": "issuer", "发文字号": "doc_number",
    "发文文号": "doc_number", "文号": "doc_number", "文件编号": "doc_number",
    "成文日期": "date", "成文时间": "date", "印发日期": "date", "发文日期": "date",
    "发布日期": "published", "发布时间": "published", "公开日期": "published",
    "生效日期": "effective", "实施日期": "effective", "废止日期": "expires",
    "有效性": "validity", "时效性": "validity", "效力状态": "validity",
    "标题": "title", "发文标题": "title", "文件标题": "title", "名称": "title",
    "文件名称": "title",
}
# labels read after a line's first (``发布时间:2024-03-05 来源:保护司``) but never
# making a line metadata: a line *starting* with 来源 is the footer's cue
INLINE = {"来源": "origin", "信息来源": "origin", "文章来源": "origin", "稿源": "origin"}
_LABEL = "|".join(sorted(LABELS, key=len, reverse=True))
_INLINE = "|".join(sorted(INLINE, key=len, reverse=True))
# values may touch the next label; an inline label not inside a word (数据来源: no)
_PAIR = re.compile(rf"(?P<label>{_LABEL}|(?<![\u4e00-\u9fff])(?:{_INLINE}))\s*:\s*")
STARTS = re.compile(rf"^\|?\s*({_LABEL})\s*(:|\|)")


def is_metadata(line: str) -> bool:
    """``索引号: …``, ``|发布机构|…|``: a line of a site's metadata block."""
    return STARTS.match(line) is not None


def fields(line: str) -> dict[str, str]:
    """Field name → value for every labelled pair of a metadata line (first wins)."""
    if not is_metadata(line):
        return {}
    if "|" in line:
        return _table_fields(line)
    return _pairs(line)


def _pairs(text: str) -> dict[str, str]:
    """``label: value`` pairs in a run of text (a line, or a table's cell)."""
    found: dict[str, str] = {}
    pairs = list(_PAIR.finditer(text))
    for k, pair in enumerate(pairs):
        end = pairs[k + 1].start() if k + 1 < len(pairs) else len(text)
        value = text[pair.end():end].strip(" |")
        if value:
            label = pair.group("label")
            found.setdefault(LABELS.get(label) or INLINE[label], value)
    return found


def _table_fields(line: str) -> dict[str, str]:
    """``| 标签 | 值 | 标签 | 值 |`` or ``| 标签: 值 | 标签: 值 |``."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    found: dict[str, str] = {}
    k = 0
    while k < len(cells):
        label, _, value = cells[k].partition(":")
        label = label.strip()
        if label in LABELS or label in INLINE:
            if not value.strip() and k + 1 < len(cells) and cells[k + 1] not in LABELS:
                k += 1
                value = cells[k]
                if value.strip():
                    found.setdefault(LABELS.get(label) or INLINE[label], value.strip())
            else:  # 标签: 值, perhaps more pairs in the cell (发布时间: … 来源: …)
                for name, found_value in _pairs(cells[k]).items():
                    found.setdefault(name, found_value)
        k += 1
    return found


def is_label(cell: str) -> bool:
    """``索引号：``, ``發布機構``: a metadata label, as a table cell prints it."""
    return to_simplified(cell.strip().rstrip(":：").strip()) in LABELS


def is_metadata_table(table) -> bool:
    """A grid table (``readers.reading.Table``) whose rows mostly start with labels."""
    rows = [row for row in table.rows if any(row)]
    return bool(rows) and 2 * sum(1 for row in rows if is_label(row[0])) > len(rows)


def merged(lines) -> dict[str, str]:
    """The fields of every metadata line among ``lines`` (the first value of each wins)."""
    found: dict[str, str] = {}
    for line in lines:
        if "|" in line or ":" in line:
            for name, value in fields(line).items():
                found.setdefault(name, value)
    return found
