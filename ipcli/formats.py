"""Machine output and safe YAML: json / jsonl / yaml / csv, Chinese unescaped.

``dumps_json({"title": "知识产权"})`` → ``{"title": "知识产权"}`` (not ``\\u77e5…``).
YAML uses the C dumper/loader when PyYAML has them (about 5× faster) and only
ever the *safe* ones, so a file with ``!!python/object`` tags is rejected.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

from .errors import ConfigError


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """JSON with Chinese unescaped. A list of flat rows prints one row per line:
    still readable, and encoded by the C encoder (indented JSON is pure Python)."""
    if isinstance(data, list) and data and all(isinstance(r, dict) for r in data):
        return "[\n  " + ",\n  ".join(map(_row_encoder(), data)) + "\n]"
    return json.dumps(data, ensure_ascii=False, indent=indent)


def _row_encoder():
    """``json.dumps(row, ensure_ascii=False)`` for many rows: the C encoder made once
    (``JSONEncoder.encode`` makes a new one for every call: a quarter of the time)."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the plain way
        return encoder.encode
    fast = make(None, encoder.default, json.encoder.encode_basestring, None, ": ", ", ",
                False, False, True)
    return lambda row: "".join(fast(row, 0))


def write_json(data: Any, stream, trailing_newline: bool = True) -> None:
    """JSON written in pieces to ``stream`` (no whole-document string in memory)."""
    json.dump(data, stream, ensure_ascii=False, indent=2)
    if trailing_newline:
        stream.write("\n")


def write_json_compact(data: Any, stream) -> None:
    """JSON on one line per top-level key (the C encoder; indenting is pure Python)."""
    if not isinstance(data, dict):
        stream.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    stream.write("{")
    for i, (name, value) in enumerate(data.items()):
        stream.write(("," if i else "") + "\n  " + json.dumps(name, ensure_ascii=False) + ": "
                     + json.dumps(value, ensure_ascii=False))
    stream.write("\n}\n")


def write_yaml(data: Any, stream) -> None:
    _yaml().dump(data, stream, Dumper=_dumper(), allow_unicode=True, sort_keys=False,
                 default_flow_style=False, width=1_000_000)


def dumps_jsonl(rows: Iterable[Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _yaml():
    import yaml

    return yaml


def _dumper():
    """The safe dumper (C when available) printing multi-line text as ``|`` blocks."""
    yaml = _yaml()
    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc, valid-type]
        def ignore_aliases(self, data) -> bool:
            """An object met twice (the same word-level ops of two diff pairs) is
            printed twice, never as ``&id001`` / ``*id001``: not every reader of the
            output resolves aliases, and the text should not depend on sharing."""
            return True

    def str_block(dumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, str_block)
    return Dumper


def dumps_yaml(data: Any) -> str:
    """One YAML document, key order kept, Chinese as is."""
    return _yaml().dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False,
                        default_flow_style=False, width=1_000_000)


def dumps_yaml_stream(documents: list[Any]) -> str:
    """Several YAML documents, each starting with ``---``."""
    return "".join("---\n" + dumps_yaml(d) for d in documents)


def load_yaml(text: str, where: str = "YAML") -> Any:
    """``yaml.safe_load`` with the C loader when available; errors → ConfigError."""
    yaml = _yaml()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        detail = str(exc).splitlines()[0]
        if "python/" in str(exc) or "could not determine a constructor" in str(exc):
            raise ConfigError(f"{where}: unsafe YAML tag rejected ({detail})",
                              "remove `!!python/...` tags; only plain YAML is accepted") from None
        raise ConfigError(f"{where}: invalid YAML ({detail})",
                          "check the file's indentation and quoting") from None


def document_writer(docs: list, fmt: str, many: bool):
    """A function writing parsed documents to a stream, one at a time.

    ``text``: the normalised text rebuilt from each tree (several: each under a
    ``==> path <==`` line, as ``head`` prints them); ``json``: an object, or an
    array for several; ``yaml``: a document, or a ``---`` stream for several.
    """
    from .model import rebuild_text

    def write(stream) -> None:
        if fmt == "text":
            for i, doc in enumerate(docs):
                if many:  # as head(1) names its files: ``==> seeds/a.txt <==``
                    stream.write(f"{chr(10) if i else ''}==> {doc.source.path or doc.id} <==\n")
                stream.write(rebuild_text(doc) + "\n")
        elif fmt == "json":
            if not many:
                write_document_json(docs[0], stream)
                stream.write("\n")
                return
            stream.write("[")
            for i, doc in enumerate(docs):
                stream.write(",\n" if i else "\n")
                write_document_json(doc, stream)
            stream.write("\n]\n" if docs else "]\n")
        else:
            for doc in docs:
                if many:
                    stream.write("---\n")
                write_document_yaml(doc, stream)
    return write


def write_document_json(doc, stream) -> None:
    """``json.dump(doc.to_dict(), indent=2)``, byte for byte, written key by key and
    list item by list item, nodes converted one top-level node at a time: no second
    copy of a large tree and no whole-document string is ever held."""
    stream.write("{")
    for i, (key, value, items) in enumerate(_top_level(doc)):
        stream.write(("," if i else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": ")
        if items is None:
            json.dump(value, _Indented(stream, "  "), ensure_ascii=False, indent=2)
            continue
        for k, item in enumerate(items):
            stream.write(("," if k else "[") + "\n    ")
            json.dump(item, _Indented(stream, "    "), ensure_ascii=False, indent=2)
        stream.write("\n  ]")
    stream.write("\n}")


def write_document_yaml(doc, stream) -> None:
    """``write_yaml(doc.to_dict())``, byte for byte, key by key and item by item
    (top-level keys and the items of their lists all start at column 0)."""
    for key, value, items in _top_level(doc):
        if items is None:
            write_yaml({key: value}, stream)
            continue
        stream.write(f"{key}:\n")
        for item in items:
            write_yaml([item], stream)


def _top_level(doc):
    """``(key, value, items)`` for each key of ``doc.to_dict()``; ``items`` iterates a
    non-empty list's items (nodes converted as they are reached), else is None."""
    for key, value in doc.to_dict(nodes=False).items():
        if key == "nodes" and doc.nodes:
            yield key, None, (node.to_dict() for node in doc.nodes)
        else:
            yield key, value, iter(value) if isinstance(value, list) and value else None


class _Indented:
    """A stream adding ``pad`` after every newline (JSON strings escape theirs)."""

    def __init__(self, stream, pad: str):
        self.stream, self.newline = stream, "\n" + pad

    def write(self, text: str) -> None:
        self.stream.write(text.replace("\n", self.newline))


def dumps_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """CSV with a UTF-8 BOM so that Excel opens Chinese text correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return out.getvalue()


def dumps_csv_rows(header: list[str], rows: list[list[Any]], plain: bool = False,
                   digits_from: int | None = None) -> str:
    """CSV (with the BOM) from rows of cells; ``plain``: the cells are already text or
    numbers (no None, booleans or lists), written as they are. ``digits_from=6``: each
    row's cells from the seventh on are decimal text (nothing to quote) and are joined
    as they are (the million cells of ``ipcli depts -f csv`` in milliseconds)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    if digits_from is None:
        writer.writerows(rows if plain else ([_cell(v) for v in row] for row in rows))
        return out.getvalue()
    head = io.StringIO()
    quoted = csv.writer(head, lineterminator="\r\n")  # quotes what holds \r or \n
    for row in rows:
        head.seek(0)
        head.truncate()
        quoted.writerow(row[:digits_from] if plain else map(_cell, row[:digits_from]))
        out.write(head.getvalue()[:-2])
        if len(row) > digits_from:
            out.write(",")
            out.write(",".join(row[digits_from:]))
        out.write("\r\n")
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell: lists joined with ``; ``, nothing for None, yes/no for booleans (as
    the ``known`` column of ``ipcli depts -f csv``)."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value
