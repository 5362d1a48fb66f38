"""The department registry: canonical names, aliases, kinds, parents.

``Registry.load().lookup("保護司")`` → the unit ``知识产权保护司``; lookups are
script- and width-insensitive because names and queries go through the same
normalisation. ``resolve()`` also accepts a unique part of a name and reports
every candidate when a name fits several units.

The bundled ``data/departments.yaml`` can be extended with a user file of the
same format: ``--registry FILE``, else ``IPCLI_REGISTRY``, else the config file
``$XDG_CONFIG_HOME/ipcli/departments.yaml`` (``~/.config/ipcli/departments.yaml``)
when it exists. Only ``yaml.safe_load`` is used: a file with Python tags
(``!!python/object``) is rejected.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

KINDS = ("cnipa-unit", "cnipa-affiliate", "state-council", "party-central", "court",
         "joint-office", "organisation", "generic")
_INNER_BRACKETS = re.compile(r"\([^()]*\)")
_TRAILING_ETC = re.compile(r"(等有关部门|等相关部门|等部门|等单位|等)$")


@dataclass
class Unit:
    """One registry entry, e.g. ``知识产权保护司`` (short ``保护司``), a CNIPA unit."""

    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str | None = "generic"
    parent: str | None = None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def plain_key(name: str) -> str:
    """The lookup form of a name that is already normalised: no spaces, no ``等``."""
    return _TRAILING_ETC.sub("", name.replace(" ", ""))


@functools.lru_cache(maxsize=8192)
def key(name: str) -> str:
    """The lookup form of any name: Simplified, half-width, no spaces, no ``等``."""
    from ..text.normalize import (
        normalize_query,  # only when a name needs it: keeps start-up fast
    )

    return plain_key(normalize_query(name))


class Registry:
    """Units by canonical name, with an index of every normalised name."""

    def __init__(self, units: list[Unit]):
        self.units: dict[str, Unit] = {}
        for unit in units:
            self.add(unit)

    def add(self, unit: Unit) -> None:
        old = self.units.get(unit.name)
        if old:  # a user entry extends the bundled one
            unit = Unit(unit.name, list(dict.fromkeys(old.aliases + unit.aliases)),
                        unit.kind or old.kind, unit.parent or old.parent)
        unit.kind = unit.kind or "generic"
        self.units[unit.name] = unit
        self.__dict__.pop("_index", None)

    @functools.cached_property
    def _index(self) -> dict[str, list[Unit]]:
        index: dict[str, list[Unit]] = {}
        for unit in self.units.values():  # names are normalised when loaded
            for name in unit.names:
                for form in {plain_key(name), plain_key(_INNER_BRACKETS.sub("", name))}:
                    if unit not in index.setdefault(form, []):
                        index[form].append(unit)
        return index

    def _exact(self, name: str) -> list[Unit] | None:
        bare = _INNER_BRACKETS.sub("", name)
        for form in (plain_key(name), plain_key(bare)):  # most names need no normalising
            if form in self._index:
                return self._index[form]
        for form in (key(name), key(bare)):
            if form in self._index:
                return self._index[form]
        return None

    def lookup(self, name: str) -> Unit | None:
        """The unit this exact name (or alias) denotes, or None."""
        found = self._exact(name)
        return found[0] if found and len(found) == 1 else None

    def candidates(self, name: str) -> list[Unit]:
        """Units matching ``name`` exactly, else units with a name containing it."""
        exact = self._exact(name)
        if exact:
            return list(exact)
        form = key(name)
        if not form:
            return []
        return list({id(u): u for f, units in self._index.items() if form in f
                     for u in units}.values())

    def all_names(self) -> list[str]:
        return sorted({n for u in self.units.values() for n in u.names})

    @classmethod
    def shared(cls, extra: str | None = None) -> "Registry":
        """``load(extra)``, loaded once per process and file (callers must not mutate it)."""
        return _shared(str(extra) if extra else None)

    @classmethod
    def load(cls, extra: str | os.PathLike | None = None) -> "Registry":
        units = _read_units(resources.files("ipcli.data").joinpath("departments.yaml")
                            .read_text("utf-8"), "the bundled registry", trusted=True)
        registry = cls(units)
        path = user_registry(extra)
        if path:
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                raise ConfigError(f"cannot read registry {path}: {why}",
                                  "pass a UTF-8 YAML file with a `units:` list") from None
            for unit in _read_units(text, str(path)):
                registry.add(unit)
        return registry


@functools.lru_cache(maxsize=8)
def _shared(extra: str | None) -> Registry:
    return Registry.load(extra)


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
    digest = hashlib.sha1(resources.files("ipcli.data").joinpath("departments.yaml").read_bytes())
    extra = user_registry(extra)
    if extra:
        try:
            digest.update(Path(extra).read_bytes())
        except OSError:
            digest.update(str(extra).encode())
    return digest.hexdigest()[:12]


def _read_units(text: str, where: str, trusted: bool = False) -> list[Unit]:
    """Units from YAML; names from untrusted (user) files are normalised."""
    from ..formats import load_yaml

    data = load_yaml(text, where)
    items = data.get("units") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(f"{where}: expected a `units:` list",
                          "see ipcli/data/departments.yaml for the format")
    units = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ConfigError(f"{where}: unit #{i} has no `name`",
                              "each unit needs at least `name:`")
        kind = item.get("kind")
        if kind is not None and kind not in KINDS:
            raise ConfigError(f"{where}: unit {item['name']!r} has unknown kind {kind!r}",
                              "kinds: " + ", ".join(KINDS))
        aliases = [str(a) for a in item.get("aliases") or []]
        if trusted:
            units.append(Unit(item["name"], aliases, kind, item.get("parent")))
        else:
            units.append(Unit(key(item["name"]), [key(a) for a in aliases], kind,
                              item.get("parent")))
    return units
