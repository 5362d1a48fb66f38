"""The package layout: one folder per layer, imports flowing one way.

Layers, bottom to top (a module may import its own layer and the ones below)::

    base      ipcli.model, ipcli.versions, ipcli.errors, ipcli.formats, ipcli.data (and
              ``__version__``)
    text      decode, normalize, script, damage
    readers   a file's bytes → text (plain, HTML)
    parse     regions, rules, tree, front matter, departments, registry → Document
    corpus    files, selectors, the SQLite cache and search index
    analyses  workload, search, diff
    report    (HTML report, when it exists)
    cli       click commands, session, Rich renderers

Every import counts, lazy ones inside functions and ``importlib.import_module("…")``
included. ``ipcli/__init__.py`` (the public API) and ``__main__`` may import
anything, but a module importing a name *through* ``ipcli`` is checked against
the module that name really lives in.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

import ipcli

PACKAGE = ROOT / "ipcli"
LAYERS = ["base", "text", "readers", "parse", "corpus", "analyses", "report", "cli"]
BASE = {"model", "versions", "errors", "formats", "data"}
FACADE = {"ipcli", "ipcli.__main__"}
# Third-party packages only some places may import (module-name prefixes).
RESTRICTED = {"click": ("ipcli.cli",), "rich": ("ipcli.cli", "ipcli.report"),
              "jieba": ("ipcli.analyses.words",)}


def layer_of(module: str) -> int:
    """The layer index of an ``ipcli`` module; an unplaced module is an error."""
    if module in FACADE:
        return len(LAYERS)
    parts = module.split(".")
    if parts[1] in BASE or parts[1] == "__version__":
        return 0
    if parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    raise AssertionError(f"{module} belongs to no layer: put it in a subpackage "
                         f"({', '.join(LAYERS[1:])}) or add it to BASE in this test")


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name of ``from <level dots><module> import …`` inside ``importer``."""
    if level == 0:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def imports(module: str, source: str, is_package: bool = False) -> list[tuple[str, int]]:
    """(imported module, line) for every import in ``source``, however deep or lazy."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node.level, node.module)
            for alias in node.names:
                name = f"{target}.{alias.name}"
                if target == "ipcli" and alias.name in ipcli._API:  # through the facade
                    found.append((ipcli._API[alias.name], node.lineno))
                elif _exists(name) or target == "ipcli":
                    found.append((name, node.lineno))
                else:
                    found.append((target, node.lineno))
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", ""))
              in ("import_module", "__import__") and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value, node.lineno))
    return found


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    """Imports of ``module`` that break the layering, as readable messages."""
    problems = []
    own = layer_of(module) if module not in FACADE else None
    for target, line in imports(module, source, is_package):
        top = target.split(".")[0]
        allowed = RESTRICTED.get(top)
        if allowed and not module.startswith(allowed):
            problems.append(f"{module}:{line} imports {top} (only {', '.join(allowed)} may)")
        if top != "ipcli" or own is None or target == "ipcli":
            continue
        if layer_of(target) > own:
            problems.append(f"{module}:{line} imports {target}, a higher layer "
                            f"({LAYERS[own]} → {LAYERS[min(layer_of(target), len(LAYERS) - 1)]})")
    return problems


def package_modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def test_no_module_imports_a_higher_layer():
    problems = []
    for name, path in package_modules():
        problems += violations(name, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    assert problems == []


@pytest.mark.parametrize("module, source", [
    ("ipcli.text.fake", "from ..cli import app"),
    ("ipcli.parse.fake", "def later():\n    from ..corpus.store import Store\n"),
    ("ipcli.text.fake", "import ipcli.analyses.diff"),
    ("ipcli.readers.fake", "from .. import corpus"),
    ("ipcli.parse.fake", "from ipcli import compare"),
    ("ipcli.readers.fake", "import importlib\nimportlib.import_module('ipcli.corpus.store')"),
    ("ipcli.corpus.fake", "def later():\n    from ..cli.render import make_console\n"),
    ("ipcli.model", "import click"),
    ("ipcli.analyses.search", "import rich.table"),
    ("ipcli.parse.fake", "import jieba"),
])
def test_the_layers_test_catches_an_upward_import(module, source):
    assert violations(module, source), f"{module}: {source!r} should be refused"


@pytest.mark.parametrize("module, source", [
    ("ipcli.corpus.fake", "from ..parse.parser import parse_bytes"),
    ("ipcli.parse.fake", "from . import rules\nfrom ..text.normalize import normalize"),
    ("ipcli.cli.fake", "from .. import __version__, formats\nimport click, rich"),
    ("ipcli.analyses.words", "import jieba"),
    ("ipcli.text.fake", "from ipcli import normalize"),
])
def test_the_layers_test_allows_downward_imports(module, source):
    assert violations(module, source) == []


def test_a_module_outside_every_layer_is_refused():
    with pytest.raises(AssertionError, match="belongs to no layer"):
        violations("ipcli.helpers", "import os")


def test_at_most_six_modules_beside_the_subpackages():
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 6, top


def test_every_subpackage_says_what_it_does_and_may_import():
    for path in sorted(PACKAGE.glob("*/__init__.py")):
        if path.parent.name == "data":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, path
        assert 2 <= len(doc.splitlines()) <= 5, (path, doc)
        assert re.search(r"[\u4e00-\u9fff]", doc), f"{path}: no Chinese example"
        assert "import" in doc, f"{path}: does not say what it may import"


def test_every_subpackage_is_installed():
    """``pip install .`` (the Quick start) ships only the packages pyproject lists."""
    tomllib = pytest.importorskip("tomllib")  # Python ≥ 3.11
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert on_disk <= listed, on_disk - listed


def test_the_public_api_is_importable_from_ipcli():
    for name in ipcli.__all__:
        assert getattr(ipcli, name) is not None, name
    doc = ipcli.parse_text("一、总体要求\n(一)指导思想。加强保护。(保护司负责)", "demo")
    assert isinstance(doc, ipcli.Document)
    assert [d.canonical for _, _, d in doc.assignments()] == ["知识产权保护司"]
