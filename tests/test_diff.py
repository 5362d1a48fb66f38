"""`ipcli diff`: alignment, word-level changes, departments, keywords, exit status."""
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
    assert list(report) == ["schema", "a", "b", "summary", "matched", "added", "removed",
                            "moved", "departments", "keywords"]
    assert report["a"]["selectors"] == ["2020"] and len(report["a"]["documents"]) == 2
    assert set(report["matched"]) == {"unchanged", "changed"}


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


def test_keyword_shifts(report):
    assert "复工复产" in [k["term"] for k in report["keywords"]["falling"]]
    assert "海牙协定" in [k["term"] for k in report["keywords"]["rising"]]
    for row in report["keywords"]["rising"]:
        assert row["b_per_10k"] > row["a_per_10k"]


def test_department_table_counts_tasks(report):
    table = {r["department"]: r for r in report["departments"]["table"]}
    assert table["知识产权运用促进司"]["a"] == 4 and table["知识产权运用促进司"]["b"] == 0


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_a_document_against_itself_has_no_differences(run_cli, path):
    result = run_cli("--corpus", SEEDS, "diff", path.stem, path.stem, "-f", "json")
    data = json.loads(result.out)
    assert result.code == 0
    assert data["summary"]["changed"] == data["summary"]["added"] == data["summary"]["removed"] == 0
    assert data["summary"]["moved"] == 0 and data["summary"]["unchanged"] == data["summary"]["units_a"]


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


def test_department_changes_are_reported():
    before = parse_text("一、甲\n(一)乙。加强宣传。(保护司负责)\n", "a")
    after = parse_text("一、甲\n(一)乙。加强宣传。(公共服务司牵头,保护司参与)\n", "b")
    changes = compare([before], [after], segment=list)["departments"]["changes"]
    assert len(changes) == 1
    assert changes[0]["gained"] == ["公共服务司"] and changes[0]["lost"] == []
    assert changes[0]["before"] == [["知识产权保护司", "responsible"]]


def test_only_decides_the_exit_status(run_cli, tmp_path):
    source = seed_paths()[0]
    shorter = tmp_path / "shorter.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    shorter.write_text("\n".join(lines[:-40]) + "\n", encoding="utf-8")
    assert run_cli("diff", source, shorter, "--only", "removed", "-f", "json").code == 1
    result = run_cli("diff", source, shorter, "--only", "added", "-f", "json")
    assert result.code == 0 and json.loads(result.out)["removed"] == []


def test_rich_output_marks_words_without_colour(run_cli):
    result = run_cli("--corpus", SEEDS, "diff", "2020", "2022", "--only", "changed")
    assert result.code == 1 and "{+" in result.out and "[-" in result.out
    assert "\x1b[" not in result.out


def test_similarity_threshold(run_cli):
    loose = json.loads(run_cli("--corpus", SEEDS, "diff", "2020", "2022", "-f", "json").out)
    strict = json.loads(run_cli("--corpus", SEEDS, "diff", "2020", "2022", "-f", "json",
                                "--min-similarity", "0.5").out)
    assert strict["summary"]["changed"] < loose["summary"]["changed"]
    assert all(p["similarity"] >= 0.5 for p in strict["matched"]["changed"])


def test_units_split_at_sentences_and_tags():
    doc = parse_text("一、甲\n(一)标题。第一句;第二句。(保护司负责)第三句!\n", "x")
    units = [(u.text, u.departments, u.title) for u in units_of(doc) if u.node == "1.1"]
    assert units == [("标题", (), True), ("第一句;", (("知识产权保护司", "responsible"),), False),
                     ("第二句。", (("知识产权保护司", "responsible"),), False),
                     ("第三句!", (), False)]


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
    summary = compare([doc], [doc], segment=list)["summary"]
    assert summary["changed"] == summary["added"] == summary["removed"] == summary["moved"] == 0
