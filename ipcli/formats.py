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
        rows = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in data)
        return "[\n" + rows + "\n]"
    return json.dumps(data, ensure_ascii=False, indent=indent)


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
        pass

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

    ``text``: the normalised text rebuilt from each tree; ``json``: an object, or an
    array for several; ``yaml``: a document, or a ``---`` stream for several.
    """
    from .model import rebuild_text

    def write(stream) -> None:
        if fmt == "text":
            for doc in docs:
                stream.write(rebuild_text(doc) + "\n")
        elif fmt == "json":
            if not many:
                write_json(docs[0].to_dict(), stream)
                return
            stream.write("[")
            for i, doc in enumerate(docs):
                stream.write(",\n" if i else "\n")
                write_json(doc.to_dict(), stream, trailing_newline=False)
            stream.write("\n]\n" if docs else "]\n")
        else:
            for doc in docs:
                if many:
                    stream.write("---\n")
                write_yaml(doc.to_dict(), stream)
    return write


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


def dumps_csv_rows(header: list[str], rows: list[list[Any]]) -> str:
    """CSV (with the BOM) from rows that are already lists of plain cells."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value
