"""`ipcli diff` on the seeds: report shape, alignment, word-level changes, exit status.

Document pairing, departments, similarity, keywords and robustness have their own
files (tests/test_diff_*.py).
"""
from __future__ import annotations

import json

import pytest
from conftest import SEEDS, guideline_2020, seed_paths
from hypothesis import given, settings
from hypothesis import strategies as st
from test_parser_rules import LINES

from ipcli.analyses.align import Unit, align, units_of
from ipcli.analyses.diff import compare
from ipcli.parse.parser import parse_text


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    import os
    import subprocess
    import sys
    env = {**os.environ, "IPCLI_CACHE": str(tmp_path_factory.mktemp("cache"))}
    result = subprocess.run([sys.executable, "-m", "ipcli", "--corpus", str(SEEDS), "diff",
                             "2020", "2022", "-f", "json"], capture_output=True, text=True, env=env)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def texts(groups) -> list[str]:
    return [u for g in groups for u in g["units"]]


def test_report_shape(report):
    assert list(report) == ["schema", "a", "b", "options", "summary", "pairs", "matched", "added",
                            "removed", "moved", "departments", "keywords"]
    assert report["schema"] == 2
    assert report["a"]["selectors"] == ["2020"] and len(report["a"]["documents"]) == 2
    assert set(report["matched"]) == {"unchanged", "changed"}
    assert report["options"] == {"min_similarity": 0.3, "flat": False, "department": None,
                                 "only": None}
    assert set(report["departments"]) == {"table", "changes"}
    assert set(report["keywords"]) == {"rising", "falling"}


def test_the_two_annual_work_plans_are_paired_and_the_opinion_is_removed(report):
    """年度工作指引 (2020) and 工作要点 (2022) share no series title, but each is the
    other's closest document; the rights-aid opinion has no successor."""
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    plan = pairs[("cnipa-2020-hq-guideline", "cnipa-2022-work-points")]
    assert plan["by"] == "content" and 0 < plan["similarity"] < 1
    assert ("cnipa-2020-rights-aid-opinion", None) in pairs
    removed_opinion = [g for g in report["removed"] if g["doc"] == "cnipa-2020-rights-aid-opinion"]
    assert sum(len(g["units"]) for g in removed_opinion) == report["summary"]["removed"] - sum(
        len(g["units"]) for g in report["removed"] if g["doc"] == "cnipa-2020-hq-guideline")
    assert report["summary"]["pairs"] == 1


def test_epidemic_clause_removed_and_data_rules_added(report):
    assert any("复工复产" in t for t in texts(report["removed"]))
    assert any("加快研究构建数据知识产权保护规则" in t for t in texts(report["added"]))


def test_reworded_clauses_are_matched_with_word_changes(report):
    changed = report["matched"]["changed"]
    blue_sky = [p for p in changed if "深入推进“蓝天”专项整治行动" in p["a"]["text"]]
    assert blue_sky and "深入推进代理行业“蓝天”专项整治行动" in blue_sky[0]["b"]["text"]
    geo = [p for p in changed if "地理标志助力精准扶贫和增收致富" in p["a"]["text"]]
    assert geo and "地理标志助力乡村振兴" in geo[0]["b"]["text"]
    assert "乡村振兴" in geo[0]["inserted_words"]
    ops = "".join(op["text"] for op in geo[0]["ops"] if op["op"] != "delete")
    assert ops == geo[0]["b"]["text"]  # keep + insert rebuilds B
    olympics = [p for p in changed if "冬奥会" in p["a"]["text"]]  # 0.27 before issue 19
    assert olympics and "冬奥会" in olympics[0]["b"]["text"]


def test_keyword_shifts(report):
    assert "复工复产" in [k["term"] for k in report["keywords"]["falling"]]
    assert "海牙协定" in [k["term"] for k in report["keywords"]["rising"]]
    for row in report["keywords"]["rising"]:
        assert row["z"] > 0 and row["b"] > 0
    for row in report["keywords"]["falling"]:
        assert row["z"] < 0 and row["a"] > 0


def test_department_table_counts_tasks(report):
    table = {r["department"]: r for r in report["departments"]["table"]}
    # four tags of the 2020 guideline name 运用促进司 (see README, Known limitations);
    # the 2022 work points carry no tags at all
    assert table["知识产权运用促进司"]["a"] == 4 and table["知识产权运用促进司"]["b"] == 0
    assert table["知识产权运用促进司"]["lost"] == 4 and table["知识产权运用促进司"]["gained"] == 0


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_a_document_against_itself_has_no_differences(run_cli, path):
    result = run_cli("--corpus", SEEDS, "diff", path.stem, path.stem, "-f", "json")
    data = json.loads(result.out)
    assert result.code == 0
    assert data["summary"]["changed"] == data["summary"]["added"] == data["summary"]["removed"] == 0
    assert data["summary"]["moved"] == 0 and data["summary"]["unchanged"] == data["summary"]["units_a"]
    assert data["pairs"] == [{"a": path.stem, "b": path.stem, "by": "series", "similarity": 1.0}]


def test_editing_one_clause_gives_exactly_one_changed_pair(run_cli, tmp_path):
    source = guideline_2020().source.path
    copy = tmp_path / "edited.txt"
    text = open(source, encoding="utf-8").read()
    # 健全地理标志產品保護標準化體系 → …標準體系 (one clause, no new punctuation)
    assert text.count("標(biāo)準(zhǔn)化體系") == 1
    copy.write_text(text.replace("標(biāo)準(zhǔn)化體系", "標(biāo)準(zhǔn)體系"), encoding="utf-8")
    result = run_cli("diff", source, copy, "-f", "json")
    data = json.loads(result.out)
    assert result.code == 1
    summary = data["summary"]
    assert (summary["changed"], summary["added"], summary["removed"], summary["moved"],
            summary["department_changes"]) == (1, 0, 0, 0, 0)
    pair = data["matched"]["changed"][0]
    assert pair["a"]["node"] == pair["b"]["node"] and pair["deleted_words"]
    assert pair["moved"] is False


def test_only_empties_every_other_section_and_decides_the_exit_status(run_cli, tmp_path):
    source = seed_paths()[0]
    shorter = tmp_path / "shorter.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    shorter.write_text("\n".join(lines[:-40]) + "\n", encoding="utf-8")
    assert run_cli("diff", source, shorter, "--only", "removed", "-f", "json").code == 1
    result = run_cli("diff", source, shorter, "--only", "added", "-f", "json")
    data = json.loads(result.out)
    assert result.code == 0 and data["removed"] == [] and data["options"]["only"] == "added"
    assert data["summary"]["removed"] > 0  # the summary stays whole


def test_only_changed_empties_departments_and_keywords(run_cli):
    data = json.loads(run_cli("--corpus", SEEDS, "diff", "2020", "2022", "--only", "changed",
                              "-f", "json").out)
    assert data["matched"]["changed"]
    assert data["matched"]["unchanged"] == data["added"] == data["removed"] == data["moved"] == []
    assert data["departments"] == {"table": [], "changes": []}
    assert data["keywords"] == {"rising": [], "falling": []}


def test_rich_output_marks_words_without_colour(run_cli):
    result = run_cli("--corpus", SEEDS, "diff", "2020", "2022", "--only", "changed")
    assert result.code == 1 and "{+" in result.out and "[-" in result.out
    assert "\x1b[" not in result.out
    assert "removed (only in A)" not in result.out and "departments (tasks)" not in result.out


def test_rich_report_starts_with_a_summary_and_collapses_added_and_removed(run_cli):
    result = run_cli("--corpus", SEEDS, "diff", "2020", "2022")
    lines = result.out.splitlines()
    assert lines[0].startswith("A: cnipa-2020-hq-guideline")
    summary = "\n".join(lines[:18])  # the documents with their titles, then the rest
    assert "cnipa-2020-hq-guideline ↔ cnipa-2022-work-points" in summary
    assert "clauses" in summary and "rising" in summary and "知识产权运用促进司 4 → 0" in summary
    assert "cnipa-2020-rights-aid-opinion: the whole document (83)" in result.out
    assert "加快研究构建数据知识产权保护规则" not in result.out  # collapsed under its heading
    assert len(lines) < 200
    full = run_cli("--corpus", SEEDS, "diff", "2020", "2022", "--full")
    assert "加快研究构建数据知识产权保护规则" in full.out and len(full.out.splitlines()) > 300


def test_similarity_threshold(run_cli):
    loose = json.loads(run_cli("--corpus", SEEDS, "diff", "2020", "2022", "-f", "json").out)
    strict = json.loads(run_cli("--corpus", SEEDS, "diff", "2020", "2022", "-f", "json",
                                "--min-similarity", "0.5").out)
    assert strict["summary"]["changed"] < loose["summary"]["changed"]
    assert all(p["similarity"] >= 0.5 for p in strict["matched"]["changed"])


def test_units_split_at_sentences_and_tags():
    doc = parse_text("一、甲\n(一)标题。第一句;第二句。(保护司负责)第三句!\n", "x")
    units = [(u.text, u.departments, u.title, u.task) for u in units_of(doc) if u.node == "1.1"]
    assert units == [("标题", (), True, None),
                     ("第一句；", (("知识产权保护司", "responsible"),), False, 0),
                     ("第二句。", (("知识产权保护司", "responsible"),), False, 0),
                     ("第三句！", (), False, None)]


def test_alignment_is_one_to_one_and_prefers_identical_texts():
    a = [Unit("a", "1", "h", "加强知识产权保护"), Unit("a", "2", "h", "加强知识产权保护")]
    b = [Unit("b", "1", "h", "加强知识产权保护"), Unit("b", "2", "h", "加强知识产权保护工作")]
    pairs = align(a, b, 0.3)
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 0), (1, 1)]
    assert [s for i, j, s in sorted(pairs)] == [1.0, pytest.approx(pairs[1][2])]


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, max_size=25).map("\n".join))
def test_diff_of_a_document_with_itself_is_empty(text):
    doc = parse_text(text, "d")
    report = compare([doc], [doc], segment=list)
    summary = report["summary"]
    assert summary["changed"] == summary["added"] == summary["removed"] == summary["moved"] == 0
    assert summary["department_changes"] == 0
    assert all(r["gained"] == r["lost"] == 0 and not r["roles"] for r in report["departments"]["table"])


def test_documents_may_come_one_at_a_time_and_their_trees_are_let_go():
    """compare() cuts each document into units as it comes and keeps only its
    metadata: the same report as from lists, with no tree left alive (issue 18:
    bounded memory for two years of notices)."""
    import gc
    import weakref

    from ipcli.parse.parser import parse_file
    paths = seed_paths()
    expected = compare([parse_file(p) for p in paths[:2]], [parse_file(p) for p in paths[2:]])
    alive = []

    def one_at_a_time(chosen):
        for path in chosen:
            doc = parse_file(path)
            alive.append(weakref.ref(doc))
            yield doc
    got = compare(one_at_a_time(paths[:2]), one_at_a_time(paths[2:]))
    gc.collect()
    assert got == expected
    assert len(alive) == len(paths) and not any(ref() is not None for ref in alive)


def test_a_side_whose_files_all_became_unreadable_is_an_error_not_all_added(run_cli,
                                                                            monkeypatch):
    """Listed, then unreadable before their trees are read (deleted or damaged
    meanwhile): the side has no document, which is an error (exit 2), not a report in
    which every clause of the other side is "added"."""
    from ipcli.corpus.library import Library
    real = Library._read  # what documents and flat_documents read through

    def read(self, entries, batch, flat):
        if any(e.year == 2020 for e in entries):  # side A: every file gone meanwhile
            for entry in entries:
                self._fail(entry.path, "No such file or directory", False)
            return iter(())
        return real(self, entries, batch, flat)
    monkeypatch.setattr(Library, "_read", read)
    done = run_cli("--corpus", SEEDS, "diff", "2020", "2022", "-f", "json")
    assert done.code == 2 and done.out == ""
    assert "Warning: skipping" in done.err
    assert done.err.strip().splitlines()[-1].startswith(
        "Error: A (2020) has no document that can still be read. Hint:")


def test_pairs_aligned_on_two_cores_give_the_same_report(monkeypatch):
    """Document pairs are aligned in forked workers when there are many clauses; only
    indexes go out and (i, j, score) come back, so the report is the same."""
    from ipcli.analyses import diff
    from ipcli.parse.parser import parse_file
    paths = seed_paths()
    a = [parse_file(p) for p in paths[:2]]
    b = [parse_file(p) for p in [*paths[2:], paths[1]]]  # two pairs: one fork per pair
    alone = compare(a, b)
    assert alone["summary"]["pairs"] >= 2
    monkeypatch.setattr(diff, "_PARALLEL_UNITS", 1)
    monkeypatch.setattr(diff, "_ALIGN_CHUNK", 1)  # a pair to each worker
    calls, sent = [], []
    real = diff.forked_map
    monkeypatch.setattr(diff, "forked_map", lambda *args, **kw: calls.append(args[2])
                        or sent.append(list(args[1])) or real(*args, **kw))
    assert compare(a, b, workers=2) == alone
    assert calls == [2] and alone["summary"]["changed"] > 0
    # only pairs with clauses on both sides go out (an unpaired document matches nothing)
    assert len(sent[0]) == alone["summary"]["pairs"] < len(alone["pairs"])
    assert compare(a, b, workers=2, flat=True) == compare(a, b, flat=True)
    assert calls[1:] == [1, 1]  # one group (--flat): nothing to share out
