"""Lines a reader sets apart — tables and page furniture — kept out of the tree
builder and put back afterwards as ``table``/``row`` nodes and ``dropped`` entries.

A PDF's ``— 3 —`` or a Word footer is not part of the notice, and a 分工表's
rows are not running text: the parser reads the other lines as usual, then
``place`` adds a ``table`` node (``t1``, ``t2``…) at each table's place among
the top-level nodes and a ``dropped`` entry (``page-number``, ``page-header``…)
for each run of furniture. A node whose text continued across a table
(``…分工如下表:`` / table / ``以上任务…``) is cut there: the text after the
table becomes a paragraph of its own, so every node's text stays one run of
lines and ``ipcli parse F -f text`` still rebuilds the text in order.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from ..model import Diagnostic, Document, Dropped, Node
from ..readers.reading import Reading
from ..text.normalize import NormalizedText
from . import metablock
from .registry import Registry
from .tables import table_nodes


@dataclass
class Held:
    reading: Reading
    texts: dict[int, str]  # held line → its normalised text (as printed with --keep-script)
    lines: list[int]  # held lines, sorted
    all_lines: list[int] = field(default_factory=list)  # every normalised line
    all_texts: list[str] = field(default_factory=list)


def hold(norm: NormalizedText, reading: Reading | None, keep_script: bool = False
         ) -> tuple[NormalizedText, Held | None]:
    """The lines the tree builder should read, and what was held apart.

    A table that is a site's metadata block (索引号 | … | 发布机构 | …) is not held:
    its lines stay in the text, where the front matter reads and drops them."""
    if reading is not None and any(map(metablock.is_metadata_table, reading.tables)):
        reading = replace(reading, tables=[t for t in reading.tables
                                           if not metablock.is_metadata_table(t)])
    if reading is None or not (reading.tables or reading.furniture):
        return norm, None
    numbers = set(reading.furniture) | {n for t in reading.tables for n in t.lines if n}
    shown = norm.original_lines if keep_script and norm.original_lines is not None else norm.lines
    keep = [k for k, n in enumerate(norm.line_numbers) if n not in numbers]
    texts = {n: shown[k] for k, n in enumerate(norm.line_numbers) if n in numbers}
    kept = NormalizedText([norm.lines[k] for k in keep], [norm.line_numbers[k] for k in keep],
                          norm.script, norm.warnings,
                          [norm.original_lines[k] for k in keep]
                          if norm.original_lines is not None else None)
    return kept, Held(reading, texts, sorted(texts), list(norm.line_numbers), list(shown))


def place(doc: Document, held: Held, kept: NormalizedText, registry: Registry,
          keep_script: bool = False) -> Document:
    """Put tables and furniture back into a document parsed without them."""
    position = {n: k for k, n in enumerate(kept.line_numbers)}
    extra: list[Node] = []
    for node in list(doc.walk()):
        extra += _cut_node(node, position, kept.line_numbers, held.lines)
    doc.dropped = [part for d in doc.dropped
                   for part in _cut_dropped(d, position, kept.line_numbers, held.lines)]
    warnings: list[Diagnostic] = []
    for index, table in enumerate(held.reading.tables, start=1):
        first = next((n for n in table.lines if n in held.texts), None)
        node, found = table_nodes(table, index, held.texts, _line_before(held, first),
                                  registry, keep_script, doc.meta.year)
        if node is not None:
            extra.append(node)
            warnings += found
    ids = {n.id for n in doc.walk()}
    for node in extra:
        for sub in node.walk():
            sub.id = _unique(sub.id, ids)
        bisect.insort(doc.nodes, node, key=lambda n: n.lines[0])
    doc.dropped += _furniture(held)
    doc.dropped.sort(key=lambda d: d.lines[0])
    doc.warnings = sorted(doc.warnings + warnings, key=lambda w: (w.line or 0))
    return doc


def _line_before(held: Held, first: int | None) -> str | None:
    """The title of a table: the normalised line just before it, unless that is held."""
    if first is None:
        return None
    k = bisect.bisect_left(held.all_lines, first) - 1
    if k < 0 or held.all_lines[k] in held.texts:
        return None
    return held.all_texts[k]


def _runs(text: str, first: int, position: dict[int, int], numbers: list[int],
          held: list[int]) -> list[tuple[int, int, int, int]] | None:
    """(start offset, end offset, first line, last line) of each run of ``text``
    between held lines; None when the text does not cross any."""
    start = position.get(first)
    pieces = text.split("\n")
    if start is None or start + len(pieces) > len(numbers) or not held:
        return None
    runs, offset, run_start, run_line = [], 0, 0, numbers[start]
    for k in range(len(pieces) - 1):
        offset += len(pieces[k]) + 1
        here, after = numbers[start + k], numbers[start + k + 1]
        if bisect.bisect_right(held, here) != bisect.bisect_left(held, after):
            runs.append((run_start, offset - 1, run_line, here))
            run_start, run_line = offset, after
    if not runs:
        return None
    runs.append((run_start, len(text), run_line, numbers[start + len(pieces) - 1]))
    return runs


def _cut_node(node: Node, position, numbers, held) -> list[Node]:
    """Cut a node whose text crosses held lines; the later runs as new nodes."""
    runs = _runs(node.text, node.lines[0], position, numbers, held)
    if runs is None:
        return []
    full, tasks = node.text, node.tasks
    ends, pos = [], 0  # where each task's tag ends in the full text
    for task in tasks:
        at = full.find(task.tag, pos) if task.tag else -1
        pos = at + len(task.tag) if at >= 0 else pos
        ends.append(pos)
    node.text = full[runs[0][0]:runs[0][1]]
    node.lines = (node.lines[0], runs[0][3])
    node.tasks = [t for t, end in zip(tasks, ends, strict=True) if end <= runs[0][1]]
    kind = node.kind if node.kind in ("front", "back") else "paragraph"
    made = []
    for start, end, first, last in runs[1:]:
        made.append(Node(kind if kind != "paragraph" else f"para{first}", kind, None, None,
                         None, full[start:end], (first, last),
                         [t for t, e in zip(tasks, ends, strict=True) if start < e <= end]))
    return made


def _cut_dropped(entry: Dropped, position, numbers, held) -> list[Dropped]:
    runs = _runs(entry.text, entry.lines[0], position, numbers, held)
    if runs is None:
        return [entry]
    return [Dropped((first, last), entry.reason, entry.text[start:end])
            for start, end, first, last in runs]


def _furniture(held: Held) -> list[Dropped]:
    """Runs of furniture lines with the same reason and nothing else between them."""
    entries: list[Dropped] = []
    index = {n: k for k, n in enumerate(held.all_lines)}
    for number in held.lines:
        reason = held.reading.furniture.get(number)
        if reason is None:
            continue
        last = entries[-1] if entries else None
        if last and last.reason == reason and index[number] == index[last.lines[1]] + 1:
            last.lines = (last.lines[0], number)
            last.text += "\n" + held.texts[number]
        else:
            entries.append(Dropped((number, number), reason, held.texts[number]))
    return entries


def _unique(node_id: str, ids: set[str]) -> str:
    candidate, n = node_id, 1
    while candidate in ids:
        n += 1
        candidate = f"{node_id}~{n}"
    ids.add(candidate)
    return candidate
