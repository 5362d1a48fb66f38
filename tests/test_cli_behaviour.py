"""Issue 21, points 4, 5, 8, 9, 10: how commands behave when a user trips.

4 never silently empty (one stderr line saying what was searched, exit 1);
5 contradictory or meaningless options are errors (exit 2, one ``Error: … Hint: …``);
8 ``check --strict`` and unreadable files; 9 ``show DOC (六)`` by printed label;
10 search matches marked ``[[…]]`` wherever there is no colour.
"""
from __future__ import annotations

import json
import os

import pytest
from conftest import ROOT, SEEDS, run_in_pty

from ipcli.cli.app import all_commands

GUIDELINE = "cnipa-2020-hq-guideline"

# A notice as a Taiwanese/HK-style page prints it: Traditional script, full-width punctuation.
TRADITIONAL = """國家知識產權局關於印發《專利轉化運用專項行動方案》的通知
國知發運字〔2023〕12號
各省、自治區、直轄市知識產權局：
一、總體要求
（一）指導思想。堅持以習近平新時代中國特色社會主義思想為指導。
（二）基本原則。堅持市場主導、政府引導。
二、重點任務
（一）梳理盤活高校和科研機構存量專利。（運用促進司負責）
（二）以專利產業化促進中小企業成長。（運用促進司、保護司負責）
國家知識產權局
2023年10月17日
"""
# The same kind of notice in Simplified script with half-width punctuation.
SIMPLIFIED = """国家知识产权局办公室关于做好2023年知识产权维权援助工作的通知
国知办发保字[2023]5号
各省、自治区、直辖市知识产权局:
一、加强维权援助机构建设
(一)完善维权援助网络。(保护司负责)
二、提升维权援助服务能力
(一)开展维权援助业务培训。(保护司牵头,公共服务司参与)
国家知识产权局办公室
2023年3月2日
"""
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # a Word 97-2003 .doc header
BROKEN_DOCX = b"PK\x03\x04" + b"\x14\x00" * 20  # a ZIP header, then nothing


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def one_line(result) -> str:
    """The single stderr line (no warnings or tracebacks beside it)."""
    assert len(lines(result.err)) == 1, result
    return result.err.strip()


@pytest.fixture
def notices(tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "trad-2023.txt").write_bytes(TRADITIONAL.encode("big5hkscs"))
    (folder / "simp-2023.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    return folder


@pytest.fixture
def unreadable(tmp_path):
    """A corpus with one good notice and two files the readers refuse."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "simp-2023.txt").write_bytes(SIMPLIFIED.encode("utf-8"))
    (folder / "附件1.doc").write_bytes(OLE)
    (folder / "分工方案.docx").write_bytes(BROKEN_DOCX)
    return folder


# --- point 4: never silently empty -------------------------------------------------------
def test_depts_unknown_with_nothing_unknown_says_so(run_cli):
    result = run_cli("depts", "--unknown", "2022")
    assert result.code == 1 and result.out == ""
    assert "no unknown department names in 1 document(s) of 2022" in one_line(result)


def test_depts_of_a_year_without_tasks_prints_no_empty_table(run_cli):
    assert json.loads(run_cli("extract", "2022", "-f", "json").out) == []  # really none
    result = run_cli("depts", "2022")
    assert result.code == 1 and result.out == ""  # no header without rows
    assert "no tasks in 1 document(s) of 2022" in one_line(result)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_on_an_empty_corpus(run_cli, tmp_path, fmt):
    (tmp_path / "empty").mkdir()
    result = run_cli("--corpus", tmp_path / "empty", "list", "-f", fmt)
    assert result.code == 1
    assert "no documents in" in one_line(result) and ".docx" in result.err
    if fmt == "table":
        assert result.out == ""
    if fmt == "json":
        assert json.loads(result.out) == []


def test_list_on_a_corpus_of_unsupported_files_only(run_cli, unreadable):
    (unreadable / "simp-2023.txt").unlink()
    result = run_cli("--corpus", unreadable, "list")
    assert result.code == 1 and result.out == ""
    warnings, last = lines(result.err)[:-1], lines(result.err)[-1]
    assert len(warnings) == 2 and all(w.startswith("Warning: skipping") for w in warnings)
    assert "no readable document" in last and "2 file(s) skipped" in last


def test_extract_names_the_filters_that_emptied_it(run_cli):
    every = json.loads(run_cli("extract", "--dept", "保护司", "-f", "json").out)
    assert every  # 保护司 has tasks: the filters below are what empties the result
    result = run_cli("extract", "--dept", "保护司", "--role", "lead",
                     "--due-before", "2000-01-01")
    assert result.code == 1 and result.out == ""
    line = one_line(result)
    assert "--role lead --due-before 2000-01-01" in line
    assert f"(without these filters: {len(every)} task(s))" in line


def test_extract_of_an_unknown_department_says_it_is_unknown(run_cli):
    result = run_cli("extract", "--dept", "不存在司")
    assert result.code == 1
    assert "不存在司 is not a known department" in one_line(result)


def test_search_names_the_filter_that_emptied_it(run_cli):
    alone = json.loads(run_cli("search", "维权援助", "-f", "json").out)["total"]
    assert alone > 0
    result = run_cli("search", "维权援助", "--dept", "不存在司")
    assert result.code == 1 and result.out == ""
    line = one_line(result)
    assert line.startswith("no match for 维权援助 with --dept 不存在司")
    assert f"(the term alone has {alone} hits)" in line
    assert "不存在司 is not a known department" in line


def test_search_with_kind_names_the_kind(run_cli):
    result = run_cli("search", "维权援助", "--kind", "row")
    assert result.code == 1 and "with --kind row" in one_line(result)


def test_search_without_filters_says_what_was_searched(run_cli):
    result = run_cli("search", "量子纠缠")
    assert result.code == 1 and "no match for 量子纠缠 in 5 document(s)" in one_line(result)


# --- point 5: contradictory or meaningless options --------------------------------------
def error_line(result) -> str:
    assert result.code == 2 and result.out == ""
    line = one_line(result)
    assert line.startswith("Error: ") and " Hint: " in line
    return line


def test_mentions_have_no_role(run_cli):
    assert "mentions have no role" in error_line(
        run_cli("extract", "--dept", "保护司", "--role", "lead", "--mentions"))


@pytest.mark.parametrize("value", ["", "  ", "\u3000"])
@pytest.mark.parametrize("command", [["extract"], ["search", "维权援助"], ["diff", "2020", "2022"]])
def test_an_empty_dept_is_an_error(run_cli, command, value):
    assert "--dept is empty" in error_line(run_cli(*command, "--dept", value))


@pytest.mark.parametrize("args", [
    ["extract", "--due-before", "2024-01-01", "--due-before", "2025-01-01"],
    ["search", "维权援助", "--dept", "保护司", "--dept", "商标局"],
    ["list", "-f", "json", "--format", "csv"],
    ["show", GUIDELINE, "--depth", "1", "--depth", "2"],
    ["--corpus", str(SEEDS), "--corpus", str(SEEDS), "list"],
])
def test_a_single_value_option_given_twice_is_an_error(run_cli, args):
    assert "times; it takes one value" in error_line(run_cli(*args))


def test_every_format_option_refuses_a_second_value(run_cli):
    """Every command with -f: given twice it is an error, not the last one silently."""
    checked = 0
    for name, command in _commands():
        option = next((p for p in command.params if "-f" in getattr(p, "opts", [])), None)
        if option is None:
            continue
        choice = option.type.choices[0]
        result = run_cli(*name.split(), "-f", choice, "-f", choice, GUIDELINE)
        assert "-f/--format is given 2 times" in error_line(result), name
        checked += 1
    assert checked >= 9  # parse, list, show, check, extract, depts, search, diff, cache info…


def _commands():
    import click
    for name, command in all_commands().items():
        if isinstance(command, click.Group):
            yield from ((f"{name} {s}", c) for s, c in command.commands.items())
        else:
            yield name, command


def test_repeatable_options_and_repeated_flags_stay_allowed(run_cli):
    assert run_cli("extract", "--dept", "商标局", "--dept", "保护司").code == 0
    assert run_cli("check", GUIDELINE, "--strict", "--strict").code in (0, 1)


@pytest.mark.parametrize("alias", ["cnipa", "Cnipa", "CNIPA"])
def test_latin_aliases_are_case_insensitive(run_cli, alias):
    upper = json.loads(run_cli("extract", "--dept", "国家知识产权局", "-f", "json").out)
    result = run_cli("extract", "--dept", alias, "-f", "json")
    assert result.code == 0 and json.loads(result.out) == upper and upper


def test_registry_candidates_fold_case_for_latin_names_only():
    from ipcli.parse.registry import Registry
    registry = Registry.load()
    assert [u.name for u in registry.candidates("wipo")] == ["世界知识产权组织"]
    assert registry.candidates("uspto") == registry.candidates("USPTO") != []
    assert registry.lookup("cnipa") is None  # the parser still matches the text's spelling


# --- point 8: check and unreadable files -------------------------------------------------
def test_check_counts_unreadable_files_and_strict_fails(run_cli, unreadable):
    loose = run_cli("--corpus", unreadable, "check")
    assert loose.code == 0
    assert sum(line.startswith("Warning: skipping") for line in lines(loose.err)) == 2
    assert "2 file(s) could not be read" in lines(loose.err)[-1]
    strict = run_cli("--corpus", unreadable, "check", "--strict")
    assert strict.code == 2 and "2 file(s) could not be read" in strict.err
    errors = [line for line in lines(strict.err) if line.startswith("Error: ")]
    assert len(errors) == 1 and ". Hint: " in errors[0], strict.err  # the exit 2 says why
    as_json = run_cli("--corpus", unreadable, "check", "--strict", "-f", "json")
    assert as_json.code == 2 and "could not be read" in as_json.err


def test_check_strict_on_a_readable_corpus_is_not_an_error(run_cli, notices):
    assert run_cli("--corpus", notices, "check", "--strict").code in (0, 1)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads a chmod 000 file")
def test_check_strict_on_a_file_without_read_permission(run_cli, notices):
    locked = notices / "locked.txt"
    locked.write_bytes(SIMPLIFIED.encode("utf-8"))
    locked.chmod(0)
    try:
        assert run_cli("--corpus", notices, "check", "--strict").code == 2
        assert "1 file(s) could not be read" in run_cli("--corpus", notices, "check").err
    finally:
        locked.chmod(0o644)


# --- point 9: show DOC by printed label --------------------------------------------------
def node_json(run_cli, *args, corpus=SEEDS) -> dict:
    result = run_cli("--corpus", corpus, "show", *args, "-f", "json")
    assert result.code == 0, result
    return json.loads(result.out)


@pytest.mark.parametrize("label", ["(六)", "（六）", "(六)、", " （六） "])
def test_show_finds_a_node_by_label_in_both_widths(run_cli, label):
    by_id = node_json(run_cli, GUIDELINE, "3.6")
    assert by_id["label"] == "（六）"  # as printed (issue 21 point 1)
    assert node_json(run_cli, GUIDELINE, label) == by_id


@pytest.mark.parametrize("label", ["三", "三、", "三．"])
def test_show_finds_a_section_by_its_numeral(run_cli, label):
    assert node_json(run_cli, GUIDELINE, label)["id"] == "3"


def test_an_ambiguous_label_lists_the_candidates(run_cli):
    line = error_line(run_cli("show", GUIDELINE, "(一)"))
    assert "labels 2 nodes" in line and "1.1" in line and "2.1" in line


@pytest.mark.parametrize("path", ["二 (一)", "二/（一）", "二、（一）", "二（一）", "二(一)"])
def test_a_label_path_picks_one(run_cli, path):
    assert node_json(run_cli, GUIDELINE, path)["id"] == "2.1"


def test_labels_in_a_traditional_full_width_notice(run_cli, notices):
    node = node_json(run_cli, "trad-2023", "二 (二)", corpus=notices)
    assert node["label"] == "（二）" and "产业化" in node["text"]
    assert node_json(run_cli, "trad-2023", "二、（二）", corpus=notices) == node
    assert "labels 2 nodes" in error_line(run_cli("--corpus", notices, "show", "trad-2023", "（一）"))


def test_an_unknown_label_is_not_found(run_cli):
    line = error_line(run_cli("show", GUIDELINE, "(九十)"))
    assert "no node '(九十)'" in line and "printed label" in line


# --- point 10: matches marked where there is no colour ------------------------------------
def test_search_to_a_pipe_marks_matches(run_cli):
    result = run_cli("search", "维权援助")
    assert result.code == 0 and "[[维权援助]]" in result.out and "\x1b[" not in result.out


def _in_pty(args, env, columns: int) -> str:
    return run_in_pty(args, env, columns).decode("utf-8", "backslashreplace")


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 200])
def test_search_on_a_terminal_marks_matches_only_without_colour(tmp_path, columns):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path), "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    args = ["--corpus", str(SEEDS), "search", "维权援助", "--limit", "3"]
    coloured = _in_pty(args, env, columns)
    assert "\x1b[" in coloured and "[[" not in coloured  # the Rich table, highlighted
    for plain_env in ({**env, "NO_COLOR": "1"}, {**env, "TERM": "dumb"}):
        out = _in_pty(args, plain_env, columns)
        assert "\x1b[" not in out and "[[" in out and "]]" in out, out
        assert "score" in out  # the Rich table path, not the plain one


def test_diff_of_a_department_without_clauses_says_so(run_cli):
    """A known department with no clause: nothing to compare, no difference (0). A name
    no department has and no clause names (a typo): an error, never "no differences"."""
    quiet = run_cli("diff", "2020", "2022", "--dept", "海关总署")
    assert quiet.code == 0
    assert "no clause of 2020 or 2022 is assigned to 海关总署" in lines(quiet.err)[-1]
    for typo, hint in (("保户司", "Hint: did you mean 保护司?"), ("不存在的单位xyz", "Hint: see `ipcli depts`")):
        result = run_cli("diff", "2020", "2022", "--dept", typo)
        assert result.code == 2 and result.out == ""
        line = one_line(result)
        assert line.startswith(f"Error: {typo} is not a known department and no clause")
        assert line.endswith(hint)
    known = run_cli("diff", "2020", "2022", "--dept", "保护司")
    assert known.code == 1 and "is assigned to" not in known.err


@pytest.mark.parametrize("args, command", [(["report", "--diff", "2022"], "ipcli report"),
                                           (["extract", "--role"], "ipcli extract"),
                                           (["--corpus"], "ipcli")])
def test_a_missing_value_points_at_the_right_help(run_cli, args, command):
    line = error_line(run_cli(*args))
    assert line.endswith(f"Hint: see `{command} --help`"), line


def test_an_empty_required_option_is_not_told_to_be_left_out(run_cli, tmp_path):
    line = error_line(run_cli("--corpus", SEEDS, "export", "--sqlite", ""))
    assert "--sqlite is empty" in line and "leave out" not in line


def test_a_local_unit_by_its_form_is_not_called_unknown(run_cli, tmp_path):
    """QA: 市财政局 is a department by its form (depts says known) though not in the registry."""
    (tmp_path / "plan-2023.txt").write_text(
        "一、重点任务\n（一）开展维权援助。（公共服务司负责）\n（二）落实资金。（市财政局负责）\n",
        encoding="utf-8")
    local = run_cli("--corpus", tmp_path, "search", "维权援助", "--dept", "市财政局")
    assert local.code == 1 and "no match for 维权援助" in local.err
    assert "not a known department" not in local.err
    unknown = run_cli("--corpus", tmp_path, "search", "维权援助", "--dept", "不存在司")
    assert "不存在司 is not a known department" in unknown.err


def test_parse_text_of_several_files_names_each_as_head_does(run_cli):
    one, two = SEEDS / "cnipa-2020-hq-guideline.txt", SEEDS / "cnipa-2022-work-points.txt"
    alone = [run_cli("parse", p, "-f", "text").out for p in (one, two)]
    both = run_cli("parse", one, two, "-f", "text")
    assert both.code == 0
    assert both.out == f"==> {one} <==\n{alone[0]}\n==> {two} <==\n{alone[1]}"
    assert "==>" not in alone[0] + alone[1]


@pytest.mark.parametrize("extra", [["-f", "json"], ["-f", "yaml"], ["3.6"]])
def test_show_says_when_depth_does_not_apply(run_cli, extra):
    plain = run_cli("--corpus", SEEDS, "show", "cnipa-2020-hq-guideline", *extra)
    deep = run_cli("--corpus", SEEDS, "show", "cnipa-2020-hq-guideline", *extra, "--depth", "1")
    assert deep.code == plain.code == 0 and deep.out == plain.out
    assert "--depth shapes the tree view of a document only" in deep.err
    assert "--depth" not in plain.err
