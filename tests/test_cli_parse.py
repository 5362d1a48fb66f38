"""`ipcli parse` through the real entry point."""
from __future__ import annotations

import json

import yaml
from conftest import guideline_2020, seed_paths

from ipcli.model import Document
from ipcli.parse.punctuation import punctuate
from ipcli.text.normalize import normalize


def test_yaml_by_default_with_chinese_unescaped(run_cli):
    path = guideline_2020().source.path
    result = run_cli("parse", path)
    assert result.code == 0 and result.err == ""
    data = yaml.safe_load(result.out)
    assert data["meta"]["doc_number"] == "国知发运字〔2020〕13号"
    assert "\\u" not in result.out and "国家知识产权局" in result.out
    assert list(data)[:3] == ["schema", "id", "source"]


def test_several_files_give_a_yaml_stream_and_a_json_array(run_cli):
    paths = seed_paths()
    stream = list(yaml.safe_load_all(run_cli("parse", *paths).out))
    array = json.loads(run_cli("parse", *paths, "-f", "json").out)
    assert len(stream) == len(array) == len(paths)
    assert [Document.from_dict(d).id for d in array] == [p.stem for p in paths]


def test_text_format_reproduces_the_normalised_text(run_cli):
    for path in seed_paths():
        result = run_cli("parse", path, "-f", "text")
        assert result.out == punctuate(normalize(path.read_text(encoding="utf-8")).text) + "\n"


def test_output_file_and_stdin(run_cli, tmp_path):
    path = seed_paths()[0]
    out = tmp_path / "doc.json"
    assert run_cli("parse", path, "-f", "json", "-o", out).code == 0
    from_file = json.loads(out.read_text(encoding="utf-8"))
    from_stdin = json.loads(run_cli("parse", "-", "-f", "json", stdin=path.read_bytes()).out)
    assert from_stdin["id"] == "stdin" and from_stdin["nodes"] == from_file["nodes"]


def test_keep_script_prints_the_original_characters(run_cli):
    path = guideline_2020().source.path
    data = json.loads(run_cli("parse", path, "-f", "json", "--keep-script").out)
    tags = [t["tag"] for n in _walk(data["nodes"]) for t in n["tasks"]]
    assert "（保護司負責）" in tags
    assert data["meta"]["doc_number"] == "國知發運字〔2020〕13號"
    dept = next(d for n in _walk(data["nodes"]) for t in n["tasks"] for d in t["departments"]
                if d["canonical"] == "知识产权保护司")
    assert dept["name"] == "保護司"


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def test_errors_are_one_line_with_a_hint(run_cli, tmp_path):
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for args in (["parse", tmp_path / "missing.txt"], ["parse", tmp_path], ["parse", png]):
        result = run_cli(*args)
        assert result.code == 2 and result.out == ""
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and ". Hint: " in lines[0]
        assert "Traceback" not in result.err


def test_one_bad_file_among_many_still_prints_the_rest(run_cli, tmp_path):
    result = run_cli("parse", seed_paths()[0], tmp_path / "missing.txt", "-f", "json")
    assert result.code == 2 and len(json.loads(result.out)) == 1
    assert "missing.txt" in result.err


def test_forced_encoding(run_cli, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_paths()[0].read_text(encoding="utf-8").encode("gb18030"))
    result = run_cli("parse", path, "--encoding", "gb18030", "-f", "json")
    assert json.loads(result.out)["source"]["encoding"] == "gb18030"
    assert run_cli("parse", path, "--encoding", "big5").code == 2


def test_python_dash_m_works():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "ipcli", "--version"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and "ipcli" in result.stdout


def test_click_runner(tmp_path, monkeypatch):
    """The click group itself, through click's test runner."""
    from click.testing import CliRunner

    from ipcli.cli.app import cli
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path))
    runner = CliRunner()
    result = runner.invoke(cli, ["parse", str(guideline_2020().source.path), "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["meta"]["year"] == 2020
    listed = runner.invoke(cli, ["--corpus", str(seed_paths()[0].parent), "list", "-f", "csv"])
    assert listed.exit_code == 0 and listed.output.lstrip("\ufeff").startswith("id,year,")
    assert runner.invoke(cli, ["parse", "--help"]).exit_code == 0
