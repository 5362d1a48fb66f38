"""Reading a registry file safely: size, YAML, shape, all checked before use.

A registry is user input (``--registry FILE``), so nothing in it may crash,
hang or exhaust the process. ``read_registry("extra.yaml")`` returns the plain
data of::

    units:
      - name: 数字经济促进司
        aliases: [数促司]
        kind: cnipa-unit

or raises one ``ConfigError`` saying what is wrong and where:

- the file must be a regular file of at most ``MAX_BYTES`` (``/dev/zero`` or a
  FIFO is refused before reading), in UTF-8;
- the YAML is built from libyaml's *event stream* with an explicit stack, never
  by the recursive composer (which overflows the C stack on 100,000 nested
  ``[``): nesting is capped at ``MAX_DEPTH`` and nodes repeated through
  ``*alias`` at ``MAX_ALIAS_NODES`` (a "billion laughs" file stops there);
- only plain YAML: strings, numbers, booleans, null; any explicit tag other
  than ``!!str`` (``!!python/object``…) is rejected;
- ``check_shape`` checks the type of every field (``aliases: true`` is an error,
  not a ``TypeError``).

Building from events is also faster than ``yaml.load`` (which constructs every
node in Python too): a 4 MB registry of 46,000 units loads in about 3 s on a
shared 2-core machine, where ``yaml.load`` alone takes about 5 s.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import ConfigError

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 16
MAX_ALIAS_NODES = 100_000
UNIT_FIELDS = ("name", "aliases", "word_aliases", "kind", "parent")
LOCAL_FIELDS = ("levels", "stems", "suffixes", "whole")
TOP_FIELDS = ("schema", "units", "local")
_FORMAT_HINT = "see ipcli/data/departments.yaml for the format"
_INT = re.compile(r"[-+]?[0-9]+")
_BOOLS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


def read_registry(path: str | os.PathLike) -> str:
    """The text of a registry file: a regular UTF-8 file of at most ``MAX_BYTES``."""
    path = Path(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"registry {path} is not a regular file",
                              "pass a YAML file with a `units:` list")
        if info.st_size > MAX_BYTES:
            raise _too_large(path, info.st_size)
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read registry {path}: {exc.strerror or exc}",
                          "pass a UTF-8 YAML file with a `units:` list") from None
    if len(data) > MAX_BYTES:  # it grew while we looked
        raise _too_large(path, len(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read registry {path}: not UTF-8 ({exc.reason} at byte "
                          f"{exc.start})", "save the registry as UTF-8") from None


def _too_large(path: Path, size: int) -> ConfigError:
    return ConfigError(f"registry {path} is {size / 1e6:.1f} MB, over the "
                       f"{MAX_BYTES // (1024 * 1024)} MiB limit",
                       "a registry lists units, not documents: split it or drop unused entries")


def load_data(text: str, where: str) -> Any:
    """Plain data from YAML text, built iteratively from the event stream."""
    import yaml

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    builder = _Builder(where, yaml)
    try:
        feed, more, event = builder.feed, parser.check_event, parser.get_event
        while more():
            feed(event())
    except yaml.YAMLError as exc:
        detail = str(exc).splitlines()[0]
        raise ConfigError(f"{where}: invalid YAML ({detail})",
                          "check the file's indentation and quoting") from None
    finally:
        parser.dispose()
    return builder.result


class _Builder:
    """Containers on an explicit stack; sizes count nodes for the alias cap."""

    def __init__(self, where: str, yaml):
        self.where = where
        self.stack: list[tuple[Any, str | None, list[int]]] = []  # (container, anchor, [size])
        self.keys: list[Any] = []  # pending mapping key per open mapping (or _NO_KEY)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.repeated = 0
        self.documents = 0
        self.result: Any = None
        self.handlers = {yaml.ScalarEvent: self._on_scalar,
                         yaml.SequenceStartEvent: self._on_start,
                         yaml.MappingStartEvent: self._on_start,
                         yaml.SequenceEndEvent: self._on_end, yaml.MappingEndEvent: self._on_end,
                         yaml.AliasEvent: self._on_alias,
                         yaml.DocumentStartEvent: self._on_document}
        self.mapping_start = yaml.MappingStartEvent

    def feed(self, event) -> None:
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(event)

    def _on_scalar(self, event) -> None:
        self._add(self._scalar(event), 1, event.anchor)

    def _on_start(self, event) -> None:
        self._check_tag(event.tag, ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"))
        if len(self.stack) >= MAX_DEPTH:
            raise ConfigError(f"{self.where}: YAML nested deeper than {MAX_DEPTH} levels",
                              _FORMAT_HINT)
        mapping = type(event) is self.mapping_start
        self.stack.append(({} if mapping else [], event.anchor, [0]))
        self.keys.append(_NO_KEY)

    def _on_end(self, event) -> None:
        container, anchor, size = self.stack.pop()
        self.keys.pop()
        self._add(container, size[0] + 1, anchor)

    def _on_alias(self, event) -> None:
        self._alias(event.anchor)

    def _on_document(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise ConfigError(f"{self.where}: more than one YAML document",
                              "keep one document (no second `---`)")

    def _alias(self, anchor: str) -> None:
        if anchor not in self.anchors:
            raise ConfigError(f"{self.where}: alias *{anchor} before its anchor (or inside it)",
                              "define `&name` before using `*name`")
        value, size = self.anchors[anchor]
        self.repeated += size
        if self.repeated > MAX_ALIAS_NODES:
            raise ConfigError(f"{self.where}: YAML aliases repeat more than "
                              f"{MAX_ALIAS_NODES:,} nodes", "write the entries out instead of "
                              "nesting `*aliases`")
        self._add(value, size, None)

    def _add(self, value: Any, size: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.result = value
            return
        container, _, parent_size = self.stack[-1]
        parent_size[0] += size
        if isinstance(container, list):
            container.append(value)
        elif self.keys[-1] is _NO_KEY:
            if isinstance(value, (list, dict)):
                raise ConfigError(f"{self.where}: a mapping key is a list or mapping",
                                  _FORMAT_HINT)
            self.keys[-1] = value
        else:
            container[self.keys[-1]] = value
            self.keys[-1] = _NO_KEY

    def _scalar(self, event) -> Any:
        value = event.value
        if event.tag is not None:
            self._check_tag(event.tag, ("tag:yaml.org,2002:str", "!"))
            return value  # !!str: text as written
        if not event.implicit[0]:
            return value  # quoted: text as written
        if value in _NULLS:
            return None
        if value.lower() in _BOOLS:
            return _BOOLS[value.lower()]
        if _INT.fullmatch(value):
            return int(value)
        return value

    def _check_tag(self, tag: str | None, allowed: tuple[str, ...]) -> None:
        if tag is None or tag in allowed:
            return
        if "python/" in tag:
            raise ConfigError(f"{self.where}: unsafe YAML tag rejected ({tag})",
                              "remove `!!python/...` tags; only plain YAML is accepted")
        raise ConfigError(f"{self.where}: unsupported YAML tag {tag}",
                          "write plain strings and lists, without `!!` tags")


_NO_KEY = object()


def check_shape(data: Any, where: str) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The units and the ``local:`` patterns, every field's type checked."""
    if isinstance(data, list):
        data = {"units": data}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping with a `units:` list", _FORMAT_HINT)
    _known_fields(data, TOP_FIELDS, where, "the top level")
    if not isinstance(data.get("units"), list):
        raise ConfigError(f"{where}: expected a `units:` list", _FORMAT_HINT)
    units = [_check_unit(item, i, where) for i, item in enumerate(data["units"], start=1)]
    local = data.get("local") or {}
    if not isinstance(local, dict):
        raise ConfigError(f"{where}: `local:` must be a mapping of lists", _FORMAT_HINT)
    _known_fields(local, LOCAL_FIELDS, where, "`local:`")
    patterns = {name: _strings(local.get(name), where, f"local.{name}") for name in LOCAL_FIELDS}
    return units, patterns


def _check_unit(item: Any, number: int, where: str) -> dict[str, Any]:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) \
            or not item["name"].strip():
        raise ConfigError(f"{where}: unit #{number} has no `name` (text)",
                          "each unit needs at least `name:` with the unit's name")
    label = f"unit {item['name']!r}"
    _known_fields(item, UNIT_FIELDS, where, label)
    for name in ("kind", "parent"):
        if item.get(name) is not None and not isinstance(item[name], str):
            raise ConfigError(f"{where}: {label}: `{name}` must be text or null", _FORMAT_HINT)
    return {"name": _one_line(item["name"], where, label),
            "aliases": _strings(item.get("aliases"), where, f"{label}: `aliases`"),
            "word_aliases": _strings(item.get("word_aliases"), where, f"{label}: `word_aliases`"),
            "kind": item.get("kind"), "parent": item.get("parent")}


def _strings(value: Any, where: str, label: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {label} must be a list of names",
                          "write it as [名称一, 名称二] or one `- 名称` per line")
    return [_one_line(v, where, label) for v in value]


def _one_line(value: str, where: str, label: str) -> str:
    if "\n" in value or "\r" in value or len(value) > 200:
        raise ConfigError(f"{where}: {label}: a name must be one line of at most 200 characters",
                          _FORMAT_HINT)
    return value


def _known_fields(mapping: dict, allowed: tuple[str, ...], where: str, label: str) -> None:
    unknown = [str(k) for k in mapping if k not in allowed]
    if unknown:
        raise ConfigError(f"{where}: unknown field {unknown[0]!r} in {label}",
                          "fields: " + ", ".join(allowed))


def user_registry(extra: str | os.PathLike | None = None) -> Path | None:
    """The user's registry file: the option, else IPCLI_REGISTRY, else the config file."""
    if extra or os.environ.get("IPCLI_REGISTRY"):
        return Path(extra or os.environ["IPCLI_REGISTRY"])
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    candidate = config / "ipcli" / "departments.yaml"
    try:
        return candidate if candidate.is_file() else None
    except OSError:  # a config folder we may not enter (another user's HOME): no file
        return None


def signature(extra: str | os.PathLike | None = None) -> str:
    """A short hash of the registry files, without parsing them (cache keys use it)."""
    bundled = Path(__file__).resolve().parent.parent / "data" / "departments.yaml"
    digest = hashlib.sha1(bundled.read_bytes())  # (importlib.resources costs 6 ms to import)
    extra = user_registry(extra)
    if extra:
        try:
            if not Path(extra).is_file() or Path(extra).stat().st_size > MAX_BYTES:
                raise OSError  # loading refuses it; never read a device or a huge file
            digest.update(Path(extra).read_bytes())
        except OSError:
            digest.update(str(extra).encode())
    return digest.hexdigest()[:12]
