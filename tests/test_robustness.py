"""Bad input: every case through parse, check, extract and search.

For each input: no traceback; unreadable input exits 2 with one
``Error: … Hint: …`` line; input that can be read exits 0 or 1 and, with -f json,
prints valid JSON.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from conftest import ROOT, seed_paths

SEED = seed_paths()[0].read_text(encoding="utf-8")


def _random_bytes() -> bytes:
    return random.Random(3).randbytes(4096)


UNREADABLE = {
    "png": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "nul-bytes": "一、总体要求\x00\x00(一)指导".encode(),
    "random-bytes": _random_bytes(),
    "invalid-utf8-not-gbk-or-big5": "一、总体".encode() + b"\xff\xfe\xff\x80\x80" + "要求".encode(),
    "utf16-without-bom": SEED.encode("utf-16-le"),
    "empty": b"",
    "whitespace-only": " \n\t\r\n  \u3000\n".encode(),
}
READABLE = {
    "one-megabyte-line": ("知识产权保护," * 75_000).encode(),
    "cr-only-newlines": SEED.replace("\n", "\r").encode(),
    "nested-brackets": ("一、总体要求\n(一)加强" + "(" * 5000 + "保护司负责" + ")" * 4000 + "\n").encode(),
    "unbalanced-brackets": ("一、甲\n((((( 》《 “ (保护司负责\n)))) (((\n" * 50).encode(),
    "numbering-chaos": ("一、重复\n" * 200 + "(九十九)跳号\n3.三\n1.一\n(一百零五)大\n").encode(),
    "emoji-and-rtl": "一、总体要求 😀🚀\n(一)عربى עברית مرحبا。(保护司负责)\n\u202eRTL\u202c\n".encode(),
    "no-structure": "这是一段没有任何编号的文字。\n第二段也没有。\n".encode(),
    "gb18030": SEED.encode("gb18030"),
}


def write(tmp_path, name: str, data: bytes, filename: str | None = None):
    path = tmp_path / (filename or f"{name}.txt")
    path.write_bytes(data)
    return path


def assert_clean_error(result) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1 and ". Hint: " in errors[0], result
    assert "Traceback" not in result.err


def assert_ok_json(result) -> None:
    assert result.code in (0, 1), result
    assert "Traceback" not in result.err
    json.loads(result.out)


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_unreadable_inputs(run_cli, tmp_path, name):
    path = write(tmp_path, name, UNREADABLE[name])
    assert_clean_error(run_cli("parse", path, "-f", "json"))
    assert_clean_error(run_cli("check", path, "-f", "json"))
    assert_clean_error(run_cli("extract", "--dept", "保护司", path, "-f", "json"))
    assert_clean_error(run_cli("search", "保护", path, "-f", "json"))
    in_corpus = run_cli("--corpus", tmp_path, "list", "-f", "json")  # skipped, reported
    assert in_corpus.code == 1 and "skipping" in in_corpus.err and json.loads(in_corpus.out) == []


def test_utf16_without_bom_hint_leads_to_success(run_cli, tmp_path):
    path = write(tmp_path, "utf16", UNREADABLE["utf16-without-bom"])
    result = run_cli("parse", path)
    assert "--encoding utf-16-le" in result.err
    assert run_cli("parse", path, "--encoding", "utf-16-le", "-f", "json").code == 0


@pytest.mark.parametrize("name", list(READABLE))
def test_readable_inputs(run_cli, tmp_path, name):
    path = write(tmp_path, name, READABLE[name])
    parsed = run_cli("parse", path, "-f", "json")
    assert parsed.code == 0 and "Traceback" not in parsed.err
    doc = json.loads(parsed.out)
    assert not [w for w in doc["warnings"] if w["code"] == "internal-error"]
    assert_ok_json(run_cli("check", path, "-f", "json"))
    assert_ok_json(run_cli("extract", "--dept", "保护司", path, "-f", "json"))
    assert_ok_json(run_cli("search", "知识产权", path, "-f", "json"))
    assert_ok_json(run_cli("--corpus", tmp_path, "depts", "-f", "json"))


def test_numbering_chaos_is_warned_not_fatal(run_cli, tmp_path):
    path = write(tmp_path, "chaos", READABLE["numbering-chaos"])
    codes = [w["code"] for w in json.loads(run_cli("check", path, "-f", "json").out)]
    assert "numbering-duplicate" in codes and "numbering-order" in codes


def test_missing_file_and_directory(run_cli, tmp_path):
    assert_clean_error(run_cli("parse", tmp_path / "missing.txt"))
    assert_clean_error(run_cli("check", tmp_path / "missing.txt"))
    assert_clean_error(run_cli("extract", "--dept", "保护司", tmp_path / "missing.txt"))
    assert_clean_error(run_cli("search", "保护", tmp_path / "missing.txt"))
    assert_clean_error(run_cli("parse", tmp_path))
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    assert_ok_json(run_cli("extract", "--dept", "保护司", empty, "-f", "json"))


def test_permission_denied(run_cli, tmp_path, monkeypatch):
    path = write(tmp_path, "secret", SEED.encode())
    real = os.open

    def deny(name, *args, **kwargs):
        if str(name).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(name))
        return real(name, *args, **kwargs)
    monkeypatch.setattr(os, "open", deny)
    assert_clean_error(run_cli("parse", path))
    assert_clean_error(run_cli("check", path))
    result = run_cli("--corpus", tmp_path, "list", "-f", "json")
    assert result.code == 1 and "skipping" in result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_for_real(run_cli, tmp_path):
    path = write(tmp_path, "secret", SEED.encode())
    path.chmod(0)
    assert_clean_error(run_cli("parse", path))


@pytest.mark.parametrize("filename", ["with spaces 空格.txt", "知识产权通知.txt", "-dash.txt"])
def test_awkward_file_names(run_cli, tmp_path, filename):
    path = write(tmp_path, "x", SEED.encode(), filename)
    assert run_cli("parse", path, "-f", "json").code == 0
    rows = json.loads(run_cli("--corpus", tmp_path, "list", "-f", "json").out)
    assert rows[0]["id"] == path.stem


def test_stdin(run_cli):
    result = run_cli("parse", "-", "-f", "json", stdin=SEED.encode("gb18030"))
    assert result.code == 0 and json.loads(result.out)["source"]["encoding"] == "gb18030"
    assert_clean_error(run_cli("parse", "-", stdin=b""))


@pytest.mark.slow
def test_fifty_megabyte_file_has_bounded_memory(tmp_path):
    """Works, and peak memory stays under 12× the input (measured: ~6×)."""
    seeds = b"\n".join(p.read_bytes() for p in seed_paths())
    big = tmp_path / "big.txt"
    big.write_bytes(seeds * (50_000_000 // len(seeds) + 1))
    proc = subprocess.Popen([sys.executable, "-m", "ipcli", "parse", str(big), "-f", "json",
                             "-o", str(tmp_path / "big.json")], stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read()
    peak_mb = usage.ru_maxrss / 1024
    print(f"\npeak memory parsing {big.stat().st_size / 1e6:.0f} MB: {peak_mb:.0f} MiB")
    assert peak_mb < 12 * big.stat().st_size / 1e6
    with open(tmp_path / "big.json", encoding="utf-8") as handle:
        assert json.load(handle)["id"] == "big"
