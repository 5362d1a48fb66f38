"""Corpus resolution, selectors and loading."""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEEDS, seed_paths
from hypothesis import given, settings
from hypothesis import strategies as st


def ids(result) -> list[str]:
    return [r["id"] for r in json.loads(result.out)]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "notices"
    (folder / "2020").mkdir(parents=True)
    for path in seed_paths():
        shutil.copy(path, folder / ("2020" if "2020" in path.stem else "") / path.name)
    return folder


def test_resolution_order(run_cli, corpus, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert len(ids(run_cli("list", "-f", "json"))) == 5          # bundled seeds
    (empty / "seeds").mkdir()
    shutil.copy(seed_paths()[0], empty / "seeds" / "only.txt")
    assert ids(run_cli("list", "-f", "json")) == ["only"]       # ./seeds
    monkeypatch.setenv("IPCLI_CORPUS", str(corpus))
    assert len(ids(run_cli("list", "-f", "json"))) == 5          # IPCLI_CORPUS
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seed_paths()[1], one)
    assert ids(run_cli("--corpus", one, "list", "-f", "json")) == [seed_paths()[1].stem]


def test_list_2020_gives_exactly_the_two_2020_documents(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = json.loads(run_cli("list", "2020", "-f", "json").out)
    assert len(rows) == 2 and {r["year"] for r in rows} == {2020}


@pytest.mark.parametrize("selector, expected", [
    ("cnipa-2020-hq-guideline", ["cnipa-2020-hq-guideline"]),
    ("sc-2021", ["sc-2021-fyp14-plan-excerpt"]),          # a unique prefix
    ("2022", ["cnipa-2022-work-points"]),
    ("all", sorted(p.stem for p in seed_paths())),
])
def test_selectors(run_cli, selector, expected):
    assert sorted(ids(run_cli("--corpus", SEEDS, "list", selector, "-f", "json"))) == expected


def test_path_and_folder_selectors(run_cli, corpus):
    assert len(ids(run_cli("list", corpus / "2020", "-f", "json"))) == 2
    assert ids(run_cli("list", seed_paths()[0], "-f", "json")) == [seed_paths()[0].stem]


@pytest.mark.parametrize("selector, words", [
    ("cnipa-2020", ["several documents", "cnipa-2020-hq-guideline"]),
    ("nosuchdoc", ["no document", "known ids"]),
    ("1999", ["no document from 1999", "2020"]),
])
def test_ambiguous_or_unknown_selectors_are_errors(run_cli, selector, words):
    result = run_cli("--corpus", SEEDS, "list", selector)
    assert result.code == 2
    for word in words:
        assert word in result.err


def test_unreadable_files_are_reported_and_skipped(run_cli, corpus):
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "README.md").write_text("# not a notice", encoding="utf-8")
    result = run_cli("--corpus", corpus, "list", "-f", "json")
    assert result.code == 0 and len(ids(result)) == 5
    assert "skipping" in result.err and "image.txt" in result.err and "empty.txt" in result.err
    assert "README" not in result.err
    skipped = [line for line in result.err.splitlines() if "skipping" in line]
    assert all(line.startswith(f"Warning: skipping {corpus}") for line in skipped), skipped


def test_html_files_are_read_as_text(run_cli, tmp_path):
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><head><title>站点</title><script>var x='一、假';</script></head><body>"
        "<div>首页 &gt; 通知</div><h1>关于做好知识产权保护工作的通知</h1>"
        "<p>一、总体要求</p><p>(一)加强保护。(保护司负责)</p></body></html>", encoding="utf-8")
    result = run_cli("--corpus", folder, "extract", "--dept", "保护司", "-f", "json")
    rows = json.loads(result.out)
    assert result.code == 0 and rows[0]["doc"] == "page" and rows[0]["node"] == "1.1"


def test_duplicate_stems_get_path_ids(run_cli, tmp_path):
    folder = tmp_path / "dup"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        shutil.copy(seed_paths()[0], folder / sub / "notice.txt")
    assert sorted(ids(run_cli("--corpus", folder, "list", "-f", "json"))) == ["a/notice", "b/notice"]


def test_show_document_and_node(run_cli):
    tree = run_cli("--corpus", SEEDS, "show", "cnipa-2020-hq-guideline")
    assert tree.code == 0 and tree.out.count("、") >= 5 and "五、工作要求" in tree.out
    data = json.loads(run_cli("--corpus", SEEDS, "show", "cnipa-2020-hq-guideline", "-f", "json").out)
    assert sum(n["kind"] == "section" for n in data["nodes"]) == 5
    node = run_cli("--corpus", SEEDS, "show", "cnipa-2020-hq-guideline", "3.6")
    assert node.code == 0 and "保护司" in node.out and "tasks" in node.out
    assert run_cli("--corpus", SEEDS, "show", "cnipa-2020-hq-guideline", "9.9").code == 2
    assert run_cli("--corpus", SEEDS, "show", "nosuchdoc").code == 2


def test_check_exit_codes(run_cli, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("一、甲\n二、乙\n", encoding="utf-8")
    gappy = tmp_path / "gap.txt"
    gappy.write_text("一、甲\n三、丙\n", encoding="utf-8")
    assert run_cli("check", clean, "--strict").code == 0
    result = run_cli("check", gappy)
    assert result.code == 0 and "numbering-gap" in result.out
    assert run_cli("check", gappy, "--strict").code == 1
    missing = run_cli("check", tmp_path / "missing.txt")
    assert missing.code == 2 and len(missing.err.strip().splitlines()) == 1  # the error alone
    both = run_cli("check", tmp_path / "missing.txt", gappy)  # the error, then the lint
    assert both.code == 2 and "numbering-gap" in both.out
    assert both.err.strip().splitlines()[-1] == "1 warning(s) in 1 document(s)"
    data = json.loads(run_cli("check", gappy, "-f", "json").out)
    assert data[0]["code"] == "numbering-gap" and data[0]["line"] == 2


def test_check_reports_the_damaged_seed(run_cli):
    result = run_cli("--corpus", SEEDS, "check", "-f", "json")
    codes = [w["code"] for w in json.loads(result.out)]
    assert codes.count("encoding-damage") >= 2 and result.code == 0


def test_identical_files_without_a_cache(run_cli, tmp_path):
    folder = tmp_path / "twins"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(seed_paths()[0], folder / name)
    rows = json.loads(run_cli("--no-cache", "--corpus", folder, "list", "-f", "json").out)
    assert sorted(r["id"] for r in rows) == ["a", "b"]
    data = json.loads(run_cli("--no-cache", "--corpus", folder, "search", "知识产权", "-f", "json").out)
    assert {h["doc"] for h in data["hits"]} == {"a", "b"}


_NAME_CHARS = st.one_of(  # what os.listdir gives: any character, an undecodable byte
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\0/"),  # as a lone
    st.integers(0xDC80, 0xDCFF).map(chr))                                   # surrogate


_ONE_LINE_BREAKERS = {*map(chr, range(32)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029",
                      *"\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"}


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME_CHARS, max_size=30).map("".join))
def test_display_path_shortcut_equals_the_byte_way(name):
    """The fast path for names with nothing to escape gives what the byte round trip
    gives, surrogates (undecodable bytes) included: ``x\\udcff`` → ``x\\\\xff``; a
    control character (a newline, a right-to-left override) is escaped, so a name is
    always one printable line; a backslash is doubled, so no two names print alike."""
    import os

    from ipcli.readers.files import display_path
    shown = display_path(name)
    assert shown == display_path(os.fsencode(name))
    assert not _ONE_LINE_BREAKERS & set(shown)
    shown.encode("utf-8")  # no lone surrogate
    plain = os.fsencode(name).replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")
    if not _ONE_LINE_BREAKERS & set(plain):  # (bytes C2 80 are U+0080)
        assert shown == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME_CHARS, max_size=12).map("".join), st.lists(_NAME_CHARS, max_size=12).map("".join))
def test_no_two_names_print_alike(one, other):
    import os

    from ipcli.readers.files import display_path
    if os.fsencode(one) != os.fsencode(other):
        assert display_path(one) != display_path(other)


@pytest.mark.parametrize("name, shown", [
    ("a\nb.txt", "a\\x0ab.txt"), ("tab\there.txt", "tab\\x09here.txt"),
    ("a\\x0ab.txt", "a\\\\x0ab.txt"), ("bad\udcff.txt", "bad\\xff.txt"),
    ("rlo\u202etxt.md", "rlo\\u202etxt.md"), ("通知\u3000全文.txt", "通知\u3000全文.txt"),
    ("del\x7f.txt", "del\\x7f.txt")])
def test_display_path_escapes_what_would_break_a_line(name, shown):
    from ipcli.readers.files import display_path
    assert display_path(name) == shown


def test_a_newline_in_a_file_name_keeps_list_one_row_per_file(run_cli, tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    shutil.copy(seed_paths()[0], folder / "a\nb.txt")
    shutil.copy(seed_paths()[1], folder / "plain.txt")
    table = run_cli("--corpus", folder, "list").out.splitlines()
    assert len(table) == 3 and table[1].startswith("a\\x0ab ")
    rows = json.loads(run_cli("--corpus", folder, "list", "-f", "json").out)
    assert [r["id"] for r in rows] == ["a\\x0ab", "plain"]
    shown = json.loads(run_cli("--corpus", folder, "show", "a\\x0ab", "-f", "json").out)
    assert shown["source"]["path"].endswith("a\\x0ab.txt")
    by_name = json.loads(run_cli("--corpus", folder, "show", "a\nb", "-f", "json").out)
    assert by_name["id"] == "a\\x0ab"  # the id typed as the name is


def test_a_name_that_prints_like_an_escape_is_another_file(run_cli, tmp_path):
    """``a<newline>b.txt`` shows as ``a\\x0ab``; a file literally named ``a\\x0ab.txt``
    is another file (its backslash doubled): each path selects its own document."""
    folder = tmp_path / "names"
    folder.mkdir()
    shutil.copy(seed_paths()[0], folder / "a\nb.txt")
    shutil.copy(seed_paths()[2], folder / "a\\x0ab.txt")
    ids = {r["id"]: r["title"] for r in json.loads(
        run_cli("--corpus", folder, "list", "-f", "json").out)}
    assert len(ids) == 2 and "a\\x0ab" in ids and "a\\\\x0ab" in ids
    for name, doc_id in (("a\nb.txt", "a\\x0ab"), ("a\\x0ab.txt", "a\\\\x0ab")):
        for selector in (str(folder / name), doc_id):
            shown = json.loads(run_cli("--corpus", folder, "show", selector, "-f", "json").out)
            assert shown["id"] == doc_id and shown["meta"]["title"] == ids[doc_id]
    result = run_cli("--corpus", folder, "diff", str(folder / "a\nb.txt"), str(folder / "a\\x0ab.txt"),
                     "-f", "json")
    assert result.code == 1  # two different notices differ


def test_a_chinese_file_name_in_the_c_locale(tmp_path):
    """LC_ALL=C with PYTHONUTF8=0 made the file system encoding ASCII: a path
    holding Chinese characters crashed display_path (an internal error)."""
    import os
    import subprocess
    import sys
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(seed_paths()[0], folder / "知识产权要点.txt")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
           "IPCLI_CACHE": str(tmp_path / "cache")}
    for args in (["extract", os.fsencode(folder / "知识产权要点.txt")], ["list", "-f", "json"]):
        result = subprocess.run([sys.executable, "-m", "ipcli", "--corpus", os.fsencode(folder),
                                 *args], env=env, capture_output=True)
        assert result.returncode in (0, 1), result.stderr
        assert b"internal error" not in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize("names", [
    ["a.txt", "a.md", "a.txt.md"],  # a.txt.md's stem is the id a.txt.md would give a.txt
    ["bad\udcff.txt", "bad\\xff.txt"],  # an undecodable byte shown as \xff, and a real one
])
def test_no_file_hides_behind_another_files_id(run_cli, tmp_path, names):
    folder = tmp_path / "clash"
    folder.mkdir()
    for name, seed in zip(names, seed_paths(), strict=False):
        (folder / name).write_bytes(seed.read_bytes())
    listed = ids(run_cli("--corpus", folder, "--no-cache", "list", "-f", "json"))
    assert len(listed) == len(set(listed)) == len(names)
    cached = ids(run_cli("--corpus", folder, "list", "-f", "json"))
    assert sorted(cached) == sorted(listed)


def test_a_corpus_file_named_by_path_keeps_its_corpus_id(run_cli, tmp_path):
    folder = tmp_path / "ids"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(seed_paths()[0], folder / "a.txt")
    shutil.copy(seed_paths()[1], folder / "sub" / "a.txt")
    before = sorted(ids(run_cli("--corpus", folder, "list", "-f", "json")))
    assert before == ["a", "sub/a"]
    shown = json.loads(run_cli("--corpus", folder, "list", folder / "sub" / "a.txt",
                               "-f", "json").out)
    assert [r["id"] for r in shown] == ["sub/a"]
    assert sorted(ids(run_cli("--corpus", folder, "list", "-f", "json"))) == before


def test_a_document_whose_id_is_a_year_can_be_selected_by_it(run_cli, tmp_path):
    """``2023.txt`` (a notice of 2020): ``show 2023`` said "no document from 2023"."""
    folder = tmp_path / "years"
    folder.mkdir()
    shutil.copy(SEEDS / "cnipa-2020-hq-guideline.txt", folder / "2023.txt")
    shutil.copy(SEEDS / "cnipa-2022-work-points.txt", folder / "2022.txt")
    assert ids(run_cli("--corpus", folder, "list", "2023", "-f", "json")) == ["2023"]
    assert ids(run_cli("--corpus", folder, "list", "2020", "-f", "json")) == ["2023"]
    assert ids(run_cli("--corpus", folder, "list", "2022", "-f", "json")) == ["2022"]  # the year
    assert run_cli("--corpus", folder, "list", "2019").code == 2
