"""Parse a notice: bytes → text → normalised lines → regions → tree → Document.

``parse_file("seeds/cnipa-2020-hq-guideline.txt")`` gives 5 sections, 13
subsections and 18 tasks; ``parse_text(any_str)`` never raises: if a rule ever
failed, the document would fall back to one paragraph per line with an
``internal-error`` warning, so no text is lost even then. Printed text has Chinese
punctuation in Chinese text (``punctuation``), given back at the very end.
"""
from __future__ import annotations

import hashlib
from array import array
from itertools import groupby
from pathlib import Path

from ..model import PARSER_VERSION, Diagnostic, Document, Dropped, Meta, Node, Source
from ..readers.dispatch import read
from ..readers.files import read_bytes
from ..readers.reading import Reading
from ..text.normalize import NormalizedText, normalize
from ..text.script import SIMPLIFIED
from . import boilerplate
from .dates import parse_date
from .departments import LineMap, TagGrammar, extract_tasks
from .held import hold, place
from .meta import extract_meta
from .punctuation import punctuate_document
from .regions import Regions, find_regions
from .registry import Registry
from .rules import title_end
from .scope import localise
from .tree import TreeBuilder
from .wrapping import cut_heading, wrap_joins

__all__ = ["PARSER_VERSION", "parse_bytes", "parse_file", "parse_text", "read_bytes"]


def parse_bytes(data: bytes, doc_id: str, *, path: str | None = None,
                encoding: str | None = None, registry: Registry | None = None,
                keep_script: bool = False) -> Document:
    """Decode and parse; ``InputError`` for empty, binary or undecodable input."""
    name = path or doc_id
    sha256 = hashlib.sha256(data).hexdigest()
    reading = read(data, name, path=path, encoding=encoding)
    del data  # a large file need not be held twice
    return parse_text(reading.text, doc_id, path=path, sha256=sha256,
                      encoding=reading.encoding, registry=registry, keep_script=keep_script,
                      reading=reading)


def parse_file(path: str | Path, *, encoding: str | None = None,
               registry: Registry | None = None, keep_script: bool = False) -> Document:
    path = Path(path)
    return parse_bytes(read_bytes(path), path.stem, path=str(path), encoding=encoding,
                       registry=registry, keep_script=keep_script)


def parse_text(text: str, doc_id: str = "document", *, path: str | None = None,
               sha256: str | None = None, encoding: str | None = None,
               registry: Registry | None = None, keep_script: bool = False,
               reading: Reading | None = None) -> Document:
    """Parse decoded text. Never raises on any ``str``.

    ``reading`` (a reader's result for ``text``) names its format, tables and
    page furniture; those lines are held apart and placed back (``held``).
    """
    source = Source(path, sha256, encoding, SIMPLIFIED, reading.format if reading else "text")
    try:
        norm = normalize(text, keep_script=keep_script)
    except Exception as exc:  # defensive, see module docstring (tested by injection)
        raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return _fallback(raw, list(range(1, len(raw) + 1)), doc_id, source, exc)
    source.script = norm.script
    try:
        registry = registry or Registry.shared()
        kept, held = hold(norm, reading, keep_script)
        doc = _parse(kept, doc_id, source, registry, keep_script)
        doc = place(doc, held, kept, registry, keep_script) if held else doc
        if reading is not None and reading.metadata:
            _page_metadata(doc.meta, reading.metadata)
        localise(doc, registry)  # tasks of tables too
        if reading is not None and reading.warnings:  # e.g. formula-without-value (XLSX)
            doc.warnings = sorted(doc.warnings + reading.warnings, key=lambda w: (w.line or 0))
        return punctuate_document(doc)
    except Exception as exc:  # defensive (tested by injection)
        return _fallback(norm.lines, norm.line_numbers, doc_id, source, exc)


def _parse(norm: NormalizedText, doc_id: str, source: Source, registry: Registry,
           keep_script: bool) -> Document:
    lines, numbers = norm.lines, norm.line_numbers
    regions = find_regions(lines)
    builder = TreeBuilder(lines, numbers, _offsets(lines))
    dropped = _Dropped(lines, numbers)
    dropped.add(regions.header, lambda i: regions.reasons.get(i)
                or boilerplate.header_reason(lines[i]))
    _add_front(builder, dropped, regions)
    _add_prelude(builder, dropped, regions.prelude)
    for i in regions.body:
        builder.add_line(i)
    if regions.back:
        builder.add_node(_block("back", "back", lines, numbers, regions.back),
                         regions.back.start, regions.back.stop - 1)
    dropped.add(regions.footer, lambda i: boilerplate.footer_reason(lines[i]))
    builder.close()
    doc = Document(doc_id, source, Meta(), builder.roots, [], dropped.entries)
    doc.meta = extract_meta(lines, regions, dropped.ranges)
    task_warnings = _add_tasks(doc, TagGrammar.shared(registry),
                               LineMap(builder.spans, builder.offsets, numbers), builder.wrap)
    doc.warnings = sorted(norm.warnings + builder.warnings + task_warnings,
                          key=lambda w: (w.line or 0))
    if keep_script and norm.original_lines is not None:
        from .keepscript import restore_script
        restore_script(doc, norm, builder.spans)
    return doc


def _add_front(builder: TreeBuilder, dropped: "_Dropped", regions: Regions) -> None:
    """The front as a ``front`` node; as several when web furniture or a site prefix
    (both dropped) interrupts it: ``【规范性文件】`` | ``某某市…的通知`` …"""
    lines, numbers = builder.lines, builder.numbers
    prefix_at, prefix = regions.prefix or (None, "")
    chunk: list[int] = []

    def flush() -> None:
        if chunk:
            first, last = chunk[0], chunk[-1]
            skip = len(prefix) if first == prefix_at else 0
            text = "\n".join([lines[first][skip:], *(lines[k] for k in chunk[1:])])
            builder.add_node(Node("front", "front", None, None, None, text,
                                  (numbers[first], numbers[last])), first, last, skip)
            chunk.clear()

    for i in regions.front:
        if i in regions.reasons:
            flush()
            dropped.add(range(i, i + 1), lambda _, why=regions.reasons[i]: why)
            continue
        if i == prefix_at:
            flush()
            dropped.add_text(i, prefix, "site-prefix")
        chunk.append(i)
    flush()


def _add_prelude(builder: TreeBuilder, dropped: "_Dropped", prelude: range) -> None:
    """Paragraphs between the title block and the first heading; furniture there is dropped."""
    for i in prelude:
        reason = boilerplate.line_reason(builder.lines[i])
        if reason:
            dropped.add(range(i, i + 1), lambda _, why=reason: why)
            builder.close()
        else:
            builder.add_line(i)
    builder.close()


def _block(node_id: str, kind: str, lines: list[str], numbers, region: range) -> Node:
    return Node(node_id, kind, None, None, None, "\n".join(lines[i] for i in region),
                (numbers[region.start], numbers[region.stop - 1]))


def _offsets(lines: list[str]) -> array:
    """Where each line starts in ``"\\n".join(lines)`` (8 bytes a line, not a list of ints)."""
    offsets, pos = array("q", bytes(8 * len(lines))), 0
    for i, line in enumerate(lines):
        offsets[i] = pos
        pos += len(line) + 1
    return offsets


class _Dropped:
    """Dropped entries in line order, and the line ranges they cover (for the metadata)."""

    def __init__(self, lines: list[str], numbers):
        self.lines, self.numbers = lines, numbers
        self.entries: list[Dropped] = []
        self.ranges: list[range] = []

    def add(self, region: range, reason_of) -> None:
        """Consecutive lines with the same reason (``reason_of(index)``) as one entry each."""
        if not region:
            return
        self.ranges.append(region)
        for reason, group in groupby(region, key=reason_of):
            first = last = next(group)
            texts = [self.lines[first]]
            for last in group:
                texts.append(self.lines[last])
            self.entries.append(Dropped((self.numbers[first], self.numbers[last]), reason,
                                        "\n".join(texts)))

    def add_text(self, i: int, text: str, reason: str) -> None:
        """Part of line ``i`` (a site prefix before a title), kept out of the tree."""
        self.entries.append(Dropped((self.numbers[i], self.numbers[i]), reason, text))


def _add_tasks(doc: Document, grammar: TagGrammar, line_map: LineMap,
               wrap: int | None = None) -> list[Diagnostic]:
    """Tasks of every node; needs ``doc.meta.year`` for deadlines such as ``年内``.
    In a text hard-wrapped at ``wrap`` columns a marker may span its line breaks."""
    warnings: list[Diagnostic] = []
    for node in doc.walk():
        if node.kind in ("front", "back"):
            continue
        start = title_end(node.text, node.title) if node.title else 0
        joins = wrap_joins(node.text, node.label, wrap)
        if joins and cut_heading(node.text, start, joins):
            start = 0
        node.tasks, found = extract_tasks(node.text, start, grammar, node.lines[0],
                                          doc.meta.year, line_map.for_node(node), joins)
        warnings += found
    return warnings


def _page_metadata(meta: Meta, found: dict[str, str]) -> None:
    """What the text does not print, from the page's own metadata (``<meta
    name="PubDate" content="2024-03-05 10:30">``): the posting date, the source."""
    if meta.published is None and "published" in found:
        meta.published = parse_date(found["published"], whole=False)
        meta.year = meta.year or (int(meta.published[:4]) if meta.published else None)
    if meta.origin is None and "origin" in found:
        meta.origin = found["origin"][:100]


def _fallback(lines: list[str], numbers: list[int], doc_id: str, source: Source,
              exc: Exception) -> Document:
    nodes = [Node(f"para{n}", "paragraph", None, None, None, line, (n, n))
             for line, n in zip(lines, numbers, strict=True) if line]
    warning = Diagnostic("internal-error", None,
                         f"parser failed ({type(exc).__name__}: {exc}); "
                         "lines kept as paragraphs — please report this input")
    return punctuate_document(Document(doc_id, source, Meta(), nodes, [warning], []))
