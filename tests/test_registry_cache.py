"""The registry compiled once per version of its files (issue 18: start-up)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, SEEDS

from ipcli.corpus.registry_cache import compiled_registry
from ipcli.parse.registry import Registry

NAMES = ["保护司", "國家知識產權局", "市财政局", "杭州市财政局", "海关", "知识产权局", "不存在司"]


def test_the_compiled_registry_answers_as_the_yaml(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("units:\n  - {name: 测试促进司, aliases: [测促司], kind: cnipa-unit}\n",
                    encoding="utf-8")
    for extra in (None, str(user)):
        loaded = Registry.load(extra)
        compiled_registry(extra, tmp_path / "cache")  # writes it
        cached = compiled_registry(extra, tmp_path / "cache")  # reads it
        assert [cached.identify(n) for n in NAMES + ["测促司"]] == \
            [loaded.identify(n) for n in NAMES + ["测促司"]]
        assert cached.all_names() == loaded.all_names()
    assert len(list((tmp_path / "cache").glob("registry-*.json"))) == 2


def test_an_edited_registry_compiles_again_and_a_damaged_file_is_ignored(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("units:\n  - {name: 甲司}\n", encoding="utf-8")
    assert compiled_registry(str(user), tmp_path).lookup("甲司")
    user.write_text("units:\n  - {name: 乙司}\n", encoding="utf-8")
    again = compiled_registry(str(user), tmp_path)
    assert again.lookup("乙司") and not again.lookup("甲司")
    for path in tmp_path.glob("registry-*.json"):
        path.write_text('{"units": [["x"]], "local": 3}', encoding="utf-8")
    assert compiled_registry(str(user), tmp_path).lookup("乙司")
    assert json.loads(next(tmp_path.glob("registry-*.json")).read_text())["units"]


def test_a_warm_extract_does_not_import_yaml(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path)}
    code = ("import sys, io, contextlib\nfrom ipcli.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['--corpus', {str(SEEDS)!r}, 'extract', '--dept', '保护司', '-f', 'json'])\n"
            "print('yaml' in sys.modules)")
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert warm.stdout.strip() == "False", warm.stderr
