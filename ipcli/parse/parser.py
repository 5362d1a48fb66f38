"""Parse a notice: bytes → text → normalised lines → regions → tree → Document.

``parse_file("seeds/cnipa-2020-hq-guideline.txt")`` gives 5 sections, 13
subsections and 18 tasks; ``parse_text(any_str)`` never raises: if a rule ever
failed, the document would fall back to one paragraph per line with an
``internal-error`` warning, so no text is lost even then.
"""
from __future__ import annotations

import hashlib
from itertools import groupby
from pathlib import Path

from ..model import PARSER_VERSION, Diagnostic, Document, Dropped, Meta, Node, Source
from ..readers.dispatch import read
from ..readers.files import read_bytes
from ..readers.reading import Reading
from ..text.normalize import NormalizedText, normalize
from ..text.script import SIMPLIFIED
from . import boilerplate
from .departments import LineMap, TagGrammar, extract_tasks
from .held import hold, place
from .meta import extract_meta
from .regions import find_regions
from .registry import Registry
from .rules import title_end
from .tree import TreeBuilder

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
        return place(doc, held, kept, registry, keep_script) if held else doc
    except Exception as exc:  # defensive (tested by injection)
        return _fallback(norm.lines, norm.line_numbers, doc_id, source, exc)


def _parse(norm: NormalizedText, doc_id: str, source: Source, registry: Registry,
           keep_script: bool) -> Document:
    lines, numbers = norm.lines, norm.line_numbers
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    regions = find_regions(lines)
    builder = TreeBuilder(lines, numbers, offsets)
    dropped = _dropped(lines, numbers, regions.header, boilerplate.header_reason)
    if regions.front:
        builder.add_node(_block("front", "front", lines, numbers, regions.front),
                         regions.front.start, regions.front.stop - 1)
    for i in regions.prelude:
        reason = boilerplate.line_reason(lines[i])
        if reason:
            dropped += _dropped(lines, numbers, range(i, i + 1), lambda _, why=reason: why)
            builder.close()
        else:
            builder.add_line(i)
    builder.close()
    for i in regions.body:
        builder.add_line(i)
    if regions.back:
        builder.add_node(_block("back", "back", lines, numbers, regions.back),
                         regions.back.start, regions.back.stop - 1)
    dropped += _dropped(lines, numbers, regions.footer, boilerplate.footer_reason)
    doc = Document(doc_id, source, Meta(), builder.roots, [], dropped)
    doc.meta = extract_meta(lines, regions, [t for d in dropped for t in d.text.split("\n")])
    task_warnings = _add_tasks(doc, TagGrammar.shared(registry),
                               LineMap(builder.spans, offsets, numbers))
    doc.warnings = sorted(norm.warnings + builder.warnings + task_warnings,
                          key=lambda w: (w.line or 0))
    if keep_script and norm.original_lines is not None:
        from .keepscript import restore_script
        restore_script(doc, norm, builder.spans)
    return doc


def _block(node_id: str, kind: str, lines: list[str], numbers: list[int],
           region: range) -> Node:
    return Node(node_id, kind, None, None, None, "\n".join(lines[i] for i in region),
                (numbers[region.start], numbers[region.stop - 1]))


def _dropped(lines, numbers, region: range, reason_of) -> list[Dropped]:
    entries = []
    for reason, group in groupby(region, key=lambda i: reason_of(lines[i])):
        idx = list(group)
        entries.append(Dropped((numbers[idx[0]], numbers[idx[-1]]), reason,
                               "\n".join(lines[i] for i in idx)))
    return entries


def _add_tasks(doc: Document, grammar: TagGrammar, line_map: LineMap) -> list[Diagnostic]:
    """Tasks of every node; needs ``doc.meta.year`` for deadlines such as ``年内``."""
    warnings: list[Diagnostic] = []
    for node in doc.walk():
        if node.kind in ("front", "back"):
            continue
        start = title_end(node.text, node.title) if node.title else 0
        node.tasks, found = extract_tasks(node.text, start, grammar, node.lines[0],
                                          doc.meta.year, line_map.for_node(node))
        warnings += found
    return warnings


def _fallback(lines: list[str], numbers: list[int], doc_id: str, source: Source,
              exc: Exception) -> Document:
    nodes = [Node(f"para{n}", "paragraph", None, None, None, line, (n, n))
             for line, n in zip(lines, numbers, strict=True) if line]
    warning = Diagnostic("internal-error", None,
                         f"parser failed ({type(exc).__name__}: {exc}); "
                         "lines kept as paragraphs — please report this input")
    return Document(doc_id, source, Meta(), nodes, [warning], [])
