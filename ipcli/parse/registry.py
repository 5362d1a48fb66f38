"""The department registry: canonical names, aliases, kinds, parents, local forms.

``Registry.load().lookup("保護司")`` → the unit ``知识产权保护司``; lookups are
script- and width-insensitive because names and queries go through the same
normalisation, and ignore bracketed qualifiers and ``、`` inside a name
(``各市、县(市、区)政府`` is ``各市县政府``). ``identify()`` also knows local units
by their form (``市财政局``, see ``localunits``); ``resolve()``-style
``candidates()`` accepts a unique part of a name and reports every candidate
when a name fits several units.

The bundled ``data/departments.yaml`` can be extended with a user file of the
same format: ``--registry FILE``, else ``IPCLI_REGISTRY``, else the config file
``$XDG_CONFIG_HOME/ipcli/departments.yaml`` (``~/.config/ipcli/departments.yaml``)
when it exists. Files are read by ``registry_file`` (size, YAML and shape
checked; Python tags rejected).
"""
from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
from dataclasses import dataclass, field

from ..errors import ConfigError
from .localunits import STEM_KINDS, LocalUnits, national_stem
from .registry_file import (  # noqa: F401 (user_registry, signature: part of this API)
    MAX_BYTES,
    check_shape,
    load_data,
    read_registry,
    signature,
    user_registry,
)

KINDS = ("cnipa-unit", "cnipa-affiliate", "state-council", "party-central", "court",
         "joint-office", "organisation", "international", "generic", "local")
_INNER_BRACKETS = re.compile(r"\([^()]*\)")
_TRAILING_ETC = re.compile(r"(等有关部门|等相关部门|等部门|等单位|等)$")


@dataclass
class Unit:
    """One registry entry, e.g. ``知识产权保护司`` (short ``保护司``), a CNIPA unit.

    ``word_aliases`` are names that are also ordinary words (``海关`` for 海关总署):
    they resolve in markers, but ``--mentions`` looks only for ``name`` and
    ``aliases``.
    """

    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str | None = "generic"
    parent: str | None = None
    word_aliases: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases, *self.word_aliases]

    @property
    def mention_names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class Identity:
    """What a printed name denotes: ``(知识产权保护司, cnipa-unit)`` or ``(None, local)``."""

    canonical: str | None
    kind: str | None


def plain_key(name: str) -> str:
    """The lookup form of a name that is already normalised: no spaces, no ``等``."""
    return _TRAILING_ETC.sub("", name.replace(" ", ""))


def bare_key(name: str) -> str:
    """``各市、县(市、区)政府`` → ``各市县政府``: no bracketed qualifier, no ``、``."""
    return plain_key(_INNER_BRACKETS.sub("", name).replace("、", ""))


@functools.lru_cache(maxsize=8192)
def key(name: str) -> str:
    """The lookup form of any name: Simplified, half-width, no spaces, no ``等``."""
    from ..text.query import normalize_query  # only when a name needs it

    return plain_key(normalize_query(name))


class Registry:
    """Units by canonical name, with an index of every normalised name."""

    def __init__(self, units: list[Unit], local: dict[str, list[str]] | None = None):
        self.units: dict[str, Unit] = {}
        self._seen: dict[str, set[str]] = {}  # unit name → its aliases, for O(1) merging
        self.local_lists: dict[str, list[str]] = {k: list(v) for k, v in (local or {}).items()}
        self.extend(units)

    def add(self, unit: Unit) -> None:
        self.extend([unit])

    def extend(self, units: list[Unit], local: dict[str, list[str]] | None = None) -> None:
        """Add units; a unit with a known name extends it (aliases added, kind/parent set)."""
        for unit in units:
            old = self.units.get(unit.name)
            if old is None:
                old = self.units[unit.name] = Unit(unit.name, [], None, None, [])
            seen = self._seen.setdefault(unit.name, set())
            for target, names in ((old.aliases, unit.aliases),
                                  (old.word_aliases, unit.word_aliases)):
                for name in names:
                    if name not in seen:
                        seen.add(name)
                        target.append(name)
            old.kind = unit.kind or old.kind
            old.parent = unit.parent or old.parent
        for unit in self.units.values():
            unit.kind = unit.kind or "generic"
        for name, values in (local or {}).items():
            self.local_lists[name] = list(dict.fromkeys(self.local_lists.get(name, []) + values))
        for cached in ("_index", "_folded", "local", "word_alias_keys"):
            self.__dict__.pop(cached, None)

    @functools.cached_property
    def word_alias_keys(self) -> frozenset[str]:
        """The lookup forms of the names that are also ordinary words (``办公室``)."""
        return frozenset(key(name) for unit in self.units.values() for name in unit.word_aliases)

    @functools.cached_property
    def _index(self) -> dict[str, dict[str, Unit]]:
        index: dict[str, dict[str, Unit]] = {}
        for unit in self.units.values():  # names are normalised when loaded
            for name in unit.names:
                for form in (plain_key(name), bare_key(name)):
                    index.setdefault(form, {})[unit.name] = unit
        return index

    @functools.cached_property
    def local(self) -> LocalUnits:
        stems = [s for u in self.units.values() if u.kind in STEM_KINDS
                 for n in u.names if (s := national_stem(n))]
        lists = self.local_lists
        return LocalUnits(lists.get("levels", []), stems + lists.get("stems", []),
                          lists.get("suffixes", []), lists.get("whole", []))

    def _exact(self, name: str) -> list[Unit] | None:
        for form in (plain_key(name), bare_key(name)):  # most names need no normalising
            if form in self._index:
                return list(self._index[form].values())
        for form in (key(name), bare_key(key(name))):
            if form in self._index:
                return list(self._index[form].values())
        return None

    def lookup(self, name: str) -> Unit | None:
        """The unit this exact name (or alias) denotes, or None."""
        found = self._exact(name)
        return found[0] if found and len(found) == 1 else None

    def identify(self, name: str) -> Identity | None:
        """A registry unit, else a local unit by its form (``市财政局``), else None."""
        unit = self.lookup(name)
        if unit is not None:
            return Identity(unit.name, unit.kind)
        form = bare_key(key(name))
        found = self.local.match(form)
        if found is None:
            return None
        return Identity(plain_key(key(name)) if found.named else None, "local")

    def candidates(self, name: str) -> list[Unit]:
        """Units matching ``name`` exactly, else units with a name containing it."""
        exact = self._exact(name) or self._folded.get(key(name).casefold())
        if exact:
            return list(exact)
        form = key(name).casefold()
        if not form:
            return []
        return list({u.name: u for f, units in self._index.items() if form in f.casefold()
                     for u in units.values()}.values())

    @functools.cached_property
    def _folded(self) -> dict[str, list[Unit]]:
        """Names with Latin letters by their case-folded form: ``cnipa`` → 国家知识产权局
        (queries only; the parser matches the text's own spelling)."""
        folded: dict[str, dict[str, Unit]] = {}
        for form, units in self._index.items():
            folded.setdefault(form.casefold(), {}).update(units)
        return {form: list(units.values()) for form, units in folded.items()}

    def all_names(self) -> list[str]:
        return sorted({n for u in self.units.values() for n in u.names})

    def to_data(self) -> dict:
        """The registry as plain JSON-able data (units as loaded and normalised)."""
        return {"units": [[u.name, u.aliases, u.kind, u.parent, u.word_aliases]
                          for u in self.units.values()], "local": self.local_lists}

    @classmethod
    def from_data(cls, data: dict) -> "Registry":
        """The registry ``to_data`` gave; ``ValueError`` when ``data`` is not of that shape."""
        try:
            units = [Unit(n, list(a), k, p, list(w)) for n, a, k, p, w in data["units"]]
            local = {str(k): [str(x) for x in v] for k, v in data["local"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a compiled registry ({exc})") from None
        if not all(isinstance(u.name, str) and all(isinstance(a, str) for a in u.names)
                   for u in units):
            raise ValueError("not a compiled registry (names)")
        with _gc_paused():
            registry = cls(units, local)
        return registry

    @classmethod
    def shared(cls, extra: str | None = None) -> "Registry":
        """``load(extra)``, loaded once per process and file (callers must not mutate it)."""
        return _shared(str(extra) if extra else None)

    @classmethod
    def load(cls, extra: str | os.PathLike | None = None) -> "Registry":
        from importlib import resources  # 6 ms to import: only when the YAML is read
        bundled = resources.files("ipcli.data").joinpath("departments.yaml").read_text("utf-8")
        units, local = _read_units(bundled, "the bundled registry", trusted=True)
        registry = cls(units, local)
        path = user_registry(extra)
        if path:
            with _gc_paused():  # acyclic data: collecting while building only costs time
                registry.extend(*_read_units(read_registry(path), str(path)))
                registry.lookup("")  # build the index now, still without the collector
        return registry


@contextlib.contextmanager
def _gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.lru_cache(maxsize=8)
def _shared(extra: str | None) -> Registry:
    return Registry.load(extra)


def _read_units(text: str, where: str,
                trusted: bool = False) -> tuple[list[Unit], dict[str, list[str]]]:
    """Units and local patterns from YAML; names from untrusted (user) files are normalised."""
    items, local = check_shape(load_data(text, where), where)
    for item in items:
        if item["kind"] is not None and item["kind"] not in KINDS:
            raise ConfigError(f"{where}: unit {item['name']!r} has unknown kind {item['kind']!r}",
                              "kinds: " + ", ".join(KINDS))
    if not trusted:
        normal = _normalised([n for item in items for n in _names_of(item)]
                             + [n for values in local.values() for n in values])
        for item in items:
            for name in ("aliases", "word_aliases"):
                item[name] = [normal[a] for a in item[name]]
            item["name"] = normal[item["name"]]
            if not item["name"]:
                raise ConfigError(f"{where}: a unit's name is empty after normalising",
                                  "give each unit a name with letters or characters")
        local = {k: [normal[v] for v in values] for k, values in local.items()}
    units = [Unit(i["name"], [a for a in i["aliases"] if a], i["kind"], i["parent"],
                  [a for a in i["word_aliases"] if a]) for i in items]
    return units, local


def _names_of(item: dict) -> list[str]:
    return [item["name"], *item["aliases"], *item["word_aliases"]]


def _normalised(names: list[str]) -> dict[str, str]:
    """Every distinct name → its lookup form, normalised in one pass (fast for big files)."""
    from ..text.normalize import normalize

    distinct = list(dict.fromkeys(names))
    norm = normalize("\n".join(distinct))
    lines = dict(zip(norm.line_numbers, norm.lines, strict=True))
    return {name: plain_key(lines.get(i, "")) for i, name in enumerate(distinct, start=1)}
