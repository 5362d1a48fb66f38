"""Hostile input: odd file-system entries, names, sizes, encodings, queries (issue 14).

Each case goes through the real command line and checks the promise: no traceback,
no hang, exit 2 with one ``Error: … Hint: …`` line for what cannot be read, valid
UTF-8 JSON whenever the status is 0 or 1, and nothing skipped without a word.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, seed_paths

SEED = seed_paths()[0].read_bytes()


def ipcli(*args, cache, stdin=None, timeout=60, env=None, cwd=None):
    """``python -m ipcli`` in a child process, with a deadline (a hang fails the test)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(cache), **(env or {})}
    return subprocess.run([sys.executable, "-m", "ipcli", *map(str, args)], input=stdin,
                          capture_output=True, timeout=timeout, env=env, cwd=cwd)


def one_error_line(result) -> str:
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and ". Hint: " in lines[0], err
    assert "internal error" not in err and "Traceback" not in err
    return lines[0]


def corpus_of(tmp_path, *names):
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes(SEED)
    return folder


# --- file-system entries that are not regular files (14.4) ----------------------------
def test_a_fifo_in_the_corpus_is_skipped_and_reported(tmp_path):
    folder = corpus_of(tmp_path, "good.txt")
    os.mkfifo(folder / "pipe.txt")
    started = time.monotonic()
    result = ipcli("--corpus", folder, "list", "-f", "json", cache=tmp_path / "c", timeout=30)
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["good"]
    assert b"skipping" in result.stderr and b"pipe.txt" in result.stderr and b"FIFO" in result.stderr


def test_a_symlink_to_a_device_in_the_corpus_is_skipped(tmp_path):
    folder = corpus_of(tmp_path, "good.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    result = ipcli("--corpus", folder, "list", "-f", "json", cache=tmp_path / "c", timeout=30)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 1
    assert b"zero.txt" in result.stderr and b"device" in result.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_parse_refuses_devices_and_fifos_without_reading(tmp_path, target):
    if target == "fifo":
        target = tmp_path / "pipe.txt"
        os.mkfifo(target)
    line = one_error_line(ipcli("parse", target, cache=tmp_path / "c", timeout=30))
    assert "not a regular file" in line


def test_parse_stdin_from_a_device_is_refused(tmp_path):
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run([sys.executable, "-m", "ipcli", "parse", "-"], stdin=zero,
                                capture_output=True, timeout=30,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "device" in one_error_line(result)


def test_endless_stdin_stops_at_the_size_limit(tmp_path):
    result = ipcli("--max-file-size", "64K", "parse", "-", cache=tmp_path / "c",
                   stdin=("知识产权" * 100_000).encode())
    assert "is longer than that, over the 64 KB limit" in one_error_line(result)


def test_size_limit_option_environment_and_bad_values(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED * 3)
    assert "--max-file-size" in one_error_line(
        ipcli("--max-file-size", "10K", "parse", big, cache=tmp_path / "c"))
    assert one_error_line(ipcli("parse", big, cache=tmp_path / "c",
                                env={"IPCLI_MAX_FILE_SIZE": "10K"}))
    assert ipcli("--max-file-size", "10M", "parse", big, cache=tmp_path / "c").returncode == 0
    assert "invalid file size" in one_error_line(
        ipcli("--max-file-size", "lots", "list", cache=tmp_path / "c"))
    in_corpus = ipcli("--corpus", big.parent, "--max-file-size", "10K", "list", "-f", "json",
                      cache=tmp_path / "c")
    assert in_corpus.returncode == 1 and b"skipping" in in_corpus.stderr


# --- names that are not UTF-8 (14.3) -------------------------------------------------------
def test_an_undecodable_file_name_does_not_break_the_corpus(tmp_path):
    folder = corpus_of(tmp_path, "good.txt")
    (folder / os.fsdecode(b"bad\xff.txt")).write_bytes(SEED)
    for args in (["list", "-f", "json"], ["extract", "--dept", "保护司", "-f", "json"],
                 ["search", "知识产权", "-f", "json"], ["depts", "-f", "csv"], ["check"]):
        result = ipcli("--corpus", folder, *args, cache=tmp_path / "c")
        assert result.returncode in (0, 1), (args, result.stderr)
        out = result.stdout.decode("utf-8")  # strict: valid UTF-8 throughout
        if "json" in args:
            json.loads(out)
    ids = {r["id"] for r in json.loads(ipcli("--corpus", folder, "list", "-f", "json",
                                             cache=tmp_path / "c").stdout)}
    assert ids == {"good", "bad\\xff"}


def test_parse_of_an_undecodable_name_writes_valid_json(tmp_path):
    path = tmp_path / os.fsdecode(b"\xfe\xff.txt")
    path.write_bytes(SEED)
    result = ipcli("parse", path, "-f", "json", cache=tmp_path / "c")
    assert result.returncode == 0
    doc = json.loads(result.stdout.decode("utf-8"))
    assert doc["source"]["path"].endswith("\\xfe\\xff.txt") and doc["id"] == "\\xfe\\xff"


def test_a_corpus_a_thousand_folders_deep(tmp_path):
    # outside pytest's tmp_path: its clean-up (shutil.rmtree) recurses and would fail
    folder = deepest = Path(tempfile.mkdtemp(prefix="ipcli-deep-"))
    for _ in range(1000):  # one level at a time: pathlib's mkdir(parents=True) recurses
        deepest = deepest / "d"
        os.mkdir(deepest)
    (deepest / "notice.txt").write_bytes(SEED)
    try:
        result = ipcli("--corpus", folder, "list", "-f", "json", cache=tmp_path / "c")
        assert result.returncode == 0, result.stderr[-500:]
        assert [r["id"] for r in json.loads(result.stdout)] == ["notice"]
    finally:  # bottom up, one level at a time (shutil.rmtree would recurse 1,000 deep)
        (deepest / "notice.txt").unlink()
        while deepest != folder.parent:
            os.rmdir(deepest)
            deepest = deepest.parent


def test_files_whose_stems_clash_keep_distinct_ids(tmp_path):
    folder = corpus_of(tmp_path, "n.txt", "n.html")
    (folder / "sub").mkdir()
    (folder / "sub" / "n.txt").write_bytes(SEED)
    rows = json.loads(ipcli("--corpus", folder, "list", "-f", "json", cache=tmp_path / "c").stdout)
    assert sorted(r["id"] for r in rows) == ["n.html", "n.txt", "sub/n"]


def test_an_empty_selector_is_an_error(tmp_path):
    assert "empty selector" in one_error_line(ipcli("--corpus", SEEDS, "list", "", cache=tmp_path))
    assert "--corpus is empty" in one_error_line(ipcli("--corpus", "", "list", cache=tmp_path))


# --- encodings (14.12, 14.16) ------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["rot13", "base64", "hex", "zlib", "punycode", "utf-7",
                                      "unicode_escape", "nosuch"])
def test_only_text_encodings_are_accepted(tmp_path, encoding):
    path = tmp_path / "n.txt"
    path.write_bytes(b"+2D8- \\ud800 abc\n")  # decodes to lone surrogates in utf-7/escapes
    result = ipcli("parse", path, "--encoding", encoding, "-f", "json", cache=tmp_path / "c")
    one_error_line(result)
    assert result.stdout == b""


def test_invisible_only_text_is_refused_like_whitespace(tmp_path):
    path = tmp_path / "zw.txt"
    path.write_text("\u200b\u200d\ufeff\n\x01\x02\u2060\n", encoding="utf-8")
    assert "no visible text" in one_error_line(ipcli("parse", path, cache=tmp_path / "c"))


def test_a_nul_anywhere_means_binary(tmp_path):
    path = tmp_path / "late-nul.txt"
    path.write_bytes("一、总体要求\n".encode() * 10_000 + b"\x00tail")
    assert "binary" in one_error_line(ipcli("parse", path, cache=tmp_path / "c"))


def test_a_utf8_mark_before_gbk_text_names_the_real_encoding(tmp_path):
    path = tmp_path / "bom-gbk.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "一、总体要求。加强知识产权保护工作。\n".encode("gb18030"))
    line = one_error_line(ipcli("parse", path, cache=tmp_path / "c"))
    assert "byte-order mark" in line and "--encoding gb18030" in line
    fixed = ipcli("parse", path, "--encoding", "gb18030", "-f", "text", cache=tmp_path / "c")
    assert fixed.returncode == 0 and fixed.stdout.decode().startswith("一、总体要求")


# --- queries (14.7, 14.14, 14.17) --------------------------------------------------------
def test_a_query_of_thousands_of_terms_is_refused_quickly(tmp_path):
    query = " ".join("知识产权保护"[i % 6] for i in range(2500))
    started = time.monotonic()
    line = one_error_line(ipcli("--corpus", SEEDS, "search", query, cache=tmp_path))
    assert "too long" in line and time.monotonic() - started < 20


def test_a_query_argument_starting_with_a_dash(tmp_path):
    def total(*args):
        result = ipcli("--corpus", SEEDS, "search", "-f", "json", *args, cache=tmp_path)
        assert result.returncode in (0, 1), result.stderr
        return json.loads(result.stdout)["total"]
    both = total("专利 导航")
    without = total("专利 导航", "-试点")
    assert without == total("专利 导航 -试点") and 0 < without < both
    assert total("专利", "--", "-试点") == total("专利 -试点")
    assert "no such option '--limt'" in one_error_line(
        ipcli("--corpus", SEEDS, "search", "专利", "--limt", "3", cache=tmp_path))


def test_a_huge_limit_means_all(tmp_path):
    result = ipcli("--corpus", SEEDS, "search", "知识产权", "--limit", "9223372036854775808",
                   "-f", "json", cache=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == len(data["hits"]) > 20


def test_case_folding_that_changes_length(tmp_path):
    from ipcli.analyses.search import Searcher
    from ipcli.corpus.store import Store
    from ipcli.parse.parser import parse_text

    docs = [parse_text("一、总体要求\n(一)在İstanbul举办研讨会,提交ﬁle格式的材料。\n", "fold")]
    searcher = Searcher(Store.open(enabled=False), "k")
    for query, found in (("İstanbul", "İstanbul"), ("file", "ﬁle"), ("ﬁle", "ﬁle"),
                         ("FILE", "ﬁle")):
        hits = searcher.search_documents(query, docs).hits
        assert len(hits) == 1, query
        start, end = hits[0].matches[0]
        assert docs[0].find(hits[0].node).text[start:end] == found
    # İ folds to i + combining dot, so a dotless query is another word (as in Unicode)
    assert searcher.search_documents("istanbul", docs).hits == []


# --- --keep-script never invents characters (14.18) --------------------------------------
def test_keep_script_cuts_dropped_lines_from_their_own_place(tmp_path):
    path = tmp_path / "twins.txt"
    path.write_text("識\n识\n", encoding="utf-8")
    doc = json.loads(ipcli("parse", path, "--keep-script", "-f", "json", cache=tmp_path).stdout)
    texts = [d["text"] for d in doc["dropped"]] + [n["text"] for n in doc["nodes"]]
    assert "\n".join(texts).split("\n") == ["識", "识"]
    crumbs = tmp_path / "crumbs.txt"
    crumbs.write_text("當前位置：首頁 > 政策\n当前位置：首页 > 政策\n一、总体要求\n", encoding="utf-8")
    doc = json.loads(ipcli("parse", crumbs, "--keep-script", "-f", "json", cache=tmp_path).stdout)
    assert doc["dropped"][0]["text"] == "當前位置：首頁 > 政策\n当前位置：首页 > 政策"


@pytest.mark.parametrize("size, shown", [(0, "0 bytes"), (1023, "1023 bytes"), (1024, "1 KB"),
                                         (1536, "1.5 KB"), (10_445, "10.2 KB"),
                                         (200 * 2**20, "200 MB"), (2**31, "2 GB"),
                                         (int(1.25 * 2**30), "1.2 GB")])
def test_sizes_in_messages_are_never_rounded_to_nothing(size, shown):
    from ipcli.readers.files import human_size
    assert human_size(size) == shown
