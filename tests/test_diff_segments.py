"""``diff`` cuts a clause into words once: the cut is stored in the corpus database
(``segments``) and read back by the next run, which then never loads jieba.

- the stored form (word lengths) gives the words back, and a damaged row is cut
  again rather than misread;
- what a segmenter returns depends on its signature and the text only, so a
  stored cut is reused exactly when it is what cutting again would give;
- a warm ``diff`` gives the same JSON as the first run and as ``--no-cache``;
- cutting on two cores gives the same words as cutting on one.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS
from hypothesis import given
from hypothesis import strategies as st

from ipcli.analyses import words
from ipcli.corpus import segments

CLAUSES = ["严格专利、商标审查授权质量管理。", "贯彻《专利法》和《商标法实施条例》,加强保护。",
           "推进知识产权强国建设纲要和“十四五”规划实施。", "知識產權保護司負責維權援助工作。"]


# --- the stored form -----------------------------------------------------------------
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=20))
def test_stored_lengths_give_the_words_back(cut):
    text = "".join(cut)
    assert segments.decode(text, segments.encode(cut)) == cut


def test_words_read_back_are_shared_objects():
    """130,000 clauses of two years hold 2.6 million words, most of them a few thousand
    distinct ones: each is kept once, not once per clause."""
    one = segments.decode("加强专利质押融资", "\x02\x02\x02\x02")
    two = segments.decode("专利质押", "\x02\x02")
    assert one == ["加强", "专利", "质押", "融资"] and one[1] is two[0] and one[2] is two[1]


@pytest.mark.parametrize("lengths", [None, "", "\x02\x02", "\x02\x00\x07", "\x09\x01", b"\x02"])
def test_lengths_that_do_not_fit_the_text_are_not_used(lengths):
    text = "加强知识产权保护。"  # 9 characters
    assert segments.decode(text, lengths) is None


def test_a_word_too_long_for_the_stored_form_is_not_stored():
    assert segments.encode(["知" * 0xD800]) is None
    assert segments.encode([]) is None and segments.encode(["", "a"]) is None
    assert segments.encode(["知" * 0xD7FF]) == chr(0xD7FF)


def test_keys_tell_texts_and_segmenters_apart():
    assert segments.key("s1", "加强保护") != segments.key("s2", "加强保护")
    assert segments.key("s1", "加强保护") != segments.key("s1", "加强保护。")
    assert len(segments.key("s1", "\udcff")) == 16  # a lone surrogate (undecodable name)


# --- the segmenter ---------------------------------------------------------------------
def test_short_titles_are_one_word_and_nothing_is_lost():
    cut = words.segmenter()
    for text in CLAUSES:
        assert "".join(cut(text)) == text
    tokens = cut(CLAUSES[1])
    assert "专利法" in tokens and "商标法实施条例" in tokens


@pytest.mark.parametrize("tokens, expected", [
    (["《", "专利", "法", "》"], ["《", "专利法", "》"]),
    (["《", "专利法", "》"], ["《", "专利法", "》"]),  # already one word
    (["《", "知识产权", "强国", "建设", "纲要", "实施", "方案", "》"],  # 14 characters: kept apart
     ["《", "知识产权", "强国", "建设", "纲要", "实施", "方案", "》"]),
    (["《", "专利", "法"], ["《", "专利", "法"]),  # never closed
    (["《", "专利", "《", "商标", "法", "》"], ["《", "专利", "《", "商标法", "》"]),
    (["》", "专利", "法", "《"], ["》", "专利", "法", "《"]),
])
def test_keep_titles(tokens, expected):
    assert words.keep_titles(tokens) == expected


def test_the_signature_names_the_words_kept_whole():
    plain, more = words.Segmenter(), words.Segmenter(["某某新设中心"])
    assert plain.signature == words.Segmenter().signature
    assert plain.signature != more.signature
    assert words.Segmenter(["x"]).signature == plain.signature  # 1 character: never added


def test_cutting_on_two_cores_gives_the_same_words(monkeypatch):
    texts = [f"{i}、{c}" for i in range(300) for c in CLAUSES]
    cut = words.Segmenter()
    alone = cut.cut_all(texts, workers=1)
    monkeypatch.setattr(words, "_PARALLEL_CHARACTERS", 1)
    assert cut.cut_all(texts, workers=2) == alone
    assert alone[0] == cut(texts[0])
    assert cut.cut_all(texts, workers=2, then=len) == [len(words) for words in alone]


# --- stored, read back, and repaired -----------------------------------------------------
class Counting(words.Segmenter):
    def __init__(self):
        super().__init__()
        self.cut = []

    def cut_all(self, texts, workers=1, progress=None, then=None):
        self.cut += texts
        return super().cut_all(texts, 1, progress, then)


def _library(cache, monkeypatch):
    from ipcli.cli.session import Session
    monkeypatch.setenv("IPCLI_CACHE", str(cache))
    return Session(str(SEEDS)).library


def test_a_clause_is_cut_once_then_read_back(tmp_path, monkeypatch):
    first = Counting()
    texts = [*CLAUSES, CLAUSES[0]]
    found = _library(tmp_path, monkeypatch).segmented(texts, first)
    assert sorted(first.cut) == sorted(CLAUSES)  # each distinct text once
    assert found == {t: words.Segmenter()(t) for t in CLAUSES}
    again = Counting()
    assert _library(tmp_path, monkeypatch).segmented(texts, again) == found  # a new run
    assert again.cut == []

    other = Counting()  # another dictionary: not the stored cuts
    other.words = other.words | {"某某新设中心"}
    _library(tmp_path, monkeypatch).segmented(texts[:1], other)
    assert other.cut == texts[:1]


def test_cut_on_two_cores_in_stored_form_gives_the_same_shared_words(tmp_path, monkeypatch):
    """The first run's workers send each cut back in its stored form (one short string)
    and the words are rebuilt from the text: the same words, and one object each."""
    texts = [f"{i}、{c}" for i in range(40) for c in CLAUSES]
    library = _library(tmp_path, monkeypatch)
    library.workers = 2
    monkeypatch.setattr(words, "_PARALLEL_CHARACTERS", 1)
    found = library.segmented(texts, words.Segmenter())
    cut = words.Segmenter()
    assert found == {t: cut(t) for t in texts}
    one, two = found[texts[0]], found[texts[len(CLAUSES)]]  # 0、… and 1、… of one clause
    assert one[-1] == two[-1] and one[-1] is two[-1]
    conn = sqlite3.connect(library.store.path)
    assert conn.execute("SELECT count(*) FROM segments").fetchone()[0] == len(texts)
    conn.close()


class Odd(words.Segmenter):
    """Cuts that cannot be stored: an empty word, or words that are not the text."""

    def __call__(self, text):
        return ["", text] if text.startswith("一") else [text[:-1]] if text else []


def test_cuts_that_cannot_be_stored_are_kept_as_cut_and_not_stored(tmp_path, monkeypatch):
    library = _library(tmp_path, monkeypatch)
    texts = ["一、加强保护。", "二、强化运用。"]
    assert library.segmented(texts, Odd()) == {"一、加强保护。": ["", "一、加强保护。"],
                                               "二、强化运用。": ["二、强化运用"]}
    conn = sqlite3.connect(library.store.path)
    assert conn.execute("SELECT count(*) FROM segments").fetchone()[0] == 0
    conn.close()


def test_a_damaged_row_is_cut_again_and_repaired(tmp_path, monkeypatch):
    library = _library(tmp_path, monkeypatch)
    library.segmented(CLAUSES, Counting())
    path = library.store.path
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE segments SET lengths = '\x01'")
    conn.close()
    again = Counting()
    found = _library(tmp_path, monkeypatch).segmented(CLAUSES, again)
    assert sorted(again.cut) == sorted(CLAUSES)
    assert found == {t: words.Segmenter()(t) for t in CLAUSES}
    final = Counting()
    _library(tmp_path, monkeypatch).segmented(CLAUSES, final)
    assert final.cut == []


# --- the command -----------------------------------------------------------------------------
def _diff(cache, *options, command=("diff", "2020", "2022", "-f", "json")):
    code = ("import sys, io, contextlib\nfrom ipcli.cli.app import main\nout = io.StringIO()\n"
            "with contextlib.redirect_stdout(out): status = main(sys.argv[1:])\n"
            "print(status, 'jieba' in sys.modules)\nprint(out.getvalue())")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", code, *options, "--corpus", str(SEEDS),
                           *command], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    head, _, report = done.stdout.partition("\n")
    status, loaded = head.split()
    return int(status), loaded == "True", json.loads(report) if report.strip() else None


def test_a_warm_diff_reads_the_words_back_and_gives_the_same_report(tmp_path):
    status, loaded, first = _diff(tmp_path)
    assert status == 1 and loaded and first["summary"]["changed"] > 0
    stored = sqlite3.connect(next(tmp_path.glob("*.sqlite"))).execute(
        "SELECT count(*) FROM segments").fetchone()[0]
    assert stored >= first["summary"]["units_a"] // 2
    status, loaded, warm = _diff(tmp_path)
    assert (status, loaded) == (1, False)  # every clause stored: jieba never loaded
    assert warm == first
    assert _diff(tmp_path / "other", "--no-cache")[2] == first


def test_an_export_does_not_carry_the_stored_cuts(tmp_path):
    from test_attacks_input import ipcli
    _diff(tmp_path)
    target = tmp_path / "shared.sqlite"
    assert ipcli("--corpus", SEEDS, "export", "--sqlite", target, cache=tmp_path).returncode == 0
    live = next(p for p in tmp_path.glob("ipcli-*.sqlite"))
    assert sqlite3.connect(live).execute("SELECT count(*) FROM segments").fetchone()[0] > 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM segments").fetchone() == (0,)


@pytest.mark.parametrize("bad", ["CAST(X'FF02' AS TEXT)", "char(55296)", "zeroblob(4)"])
def test_a_row_that_is_not_text_is_cut_again_without_disabling_the_cache(tmp_path, monkeypatch, bad):
    library = _library(tmp_path, monkeypatch)
    library.segmented(CLAUSES, Counting())
    conn = sqlite3.connect(library.store.path)
    with conn:
        conn.execute(f"UPDATE segments SET lengths = {bad}")
    conn.close()
    warnings = []
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path))
    from ipcli.cli.session import Session
    again = Counting()
    session = Session(str(SEEDS), warn=warnings.append)
    assert session.library.segmented(CLAUSES, again) == {t: words.Segmenter()(t) for t in CLAUSES}
    assert sorted(again.cut) == sorted(CLAUSES) and warnings == []
    assert session.library.store.enabled
    final = Counting()
    _library(tmp_path, monkeypatch).segmented(CLAUSES, final)
    assert final.cut == []  # replaced by good rows


def test_report_diff_cuts_words_as_diff_does(tmp_path):
    """Same segmenter, same stored words: after a diff, the report never loads jieba."""
    _diff(tmp_path)  # fills segments
    status, loaded, _ = _diff(tmp_path, command=("report", "--diff", "2020", "2022", "-o",
                                                 str(tmp_path / "r.html")))
    assert (status, loaded) == (0, False)
    assert "新旧对照" in (tmp_path / "r.html").read_text(encoding="utf-8")
