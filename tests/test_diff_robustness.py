"""`ipcli diff` under attack (issue 14): long unpunctuated clauses, empty selections,
dumb terminals; and the word-level diff it relies on."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from difflib import SequenceMatcher

import pytest
from conftest import ROOT, SEEDS, assert_linear_growth, cpu_seconds
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.analyses import tokendiff, words
from ipcli.analyses.diff import compare
from ipcli.parse.parser import parse_text

VOCAB = ("知识产权 保护 运用 地理标志 乡村振兴 专利 商标 审查 质量 服务 体系 推进 加强 完善 制度 "
         "创新 企业 高校 科研 数据 平台 信息 公共 维权 援助 纠纷 调解 仲裁 执法 行政 司法 海外 "
         "合作 国际 规则 标准 品牌 产业 集群 区域 运营 转化 许可 质押 融资 评估 保险 人才").split()


def long_clause_documents(words_count: int, seed: int = 7):
    """One clause of ``words_count`` words without punctuation; B edits it every ~500 words."""
    rng = random.Random(seed)
    a = [rng.choice(VOCAB) for _ in range(words_count)]
    b = list(a)
    for _ in range(max(1, words_count // 500)):
        at = rng.randrange(len(b))
        b[at:at + 2] = ["冬奥会", "营商环境"]
    head = "一、总体要求\n(一)长句。"
    return parse_text(head + "".join(a) + "\n", "a"), parse_text(head + "".join(b) + "\n", "b")


@pytest.mark.slow
def test_diff_of_long_unpunctuated_clauses_is_linear():
    """40,000 words took 43 s (difflib with autojunk=False is quadratic); now ~1 s."""
    words.segmenter()  # the dictionary load is not part of the growth
    times, reports = [], []
    for size in (4_000, 8_000, 16_000):
        a, b = long_clause_documents(size)
        times.append(cpu_seconds(lambda: reports.append(compare([a], [b]))))
    assert_linear_growth(times)
    report = reports[-1]
    assert report["summary"]["changed"] == 1
    ops = report["matched"]["changed"][0]["ops"]
    kept = sum(len(op["text"]) for op in ops if op["op"] == "keep")
    assert kept > 0.9 * len(report["matched"]["changed"][0]["a"]["text"])  # still a fine diff


def rebuilt(a: list[str], b: list[str]) -> list[str]:
    out, at_a, at_b = [], 0, 0
    for tag, i1, i2, j1, j2 in tokendiff.opcodes(a, b):
        assert (i1, j1) == (at_a, at_b)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        out += b[j1:j2]
        at_a, at_b = i2, j2
    assert (at_a, at_b) == (len(a), len(b))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("甲乙丙丁戊"), max_size=60), st.lists(st.sampled_from("甲乙丙丁戊"), max_size=60))
def test_word_operations_rebuild_both_sides(a, b):
    assert rebuilt(a, b) == b


def test_word_operations_on_small_inputs_are_difflibs():
    a = ["深入开展", "地理", "标志", "助力", "精准扶贫", "和", "增收致富", "工作"]
    b = ["深入开展", "地理", "标志", "助力", "乡村振兴", "行动"]
    assert tokendiff.opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def test_large_inputs_are_cut_at_unique_anchors():
    rng = random.Random(3)
    a = [rng.choice(VOCAB) for _ in range(30_000)]
    b = a[:10_000] + ["冬奥会"] + a[10_000:20_000] + a[20_001:]
    ops = [op for op in tokendiff.opcodes(a, b) if op[0] != "equal"]
    assert ops == [("insert", 10_000, 10_000, 10_000, 10_001), ("delete", 20_000, 20_001, 20_001, 20_001)]


# --- empty selections (14.15) -----------------------------------------------------------------
@pytest.mark.parametrize("selector", ["", "   ", "EMPTY"])
def test_an_empty_selection_is_an_error_not_everything_added(run_cli, tmp_path, monkeypatch,
                                                              selector):
    empty = tmp_path / "empty"
    empty.mkdir()
    here = tmp_path / "here"  # "" once meant the working directory: make it hold a notice
    here.mkdir()
    here.joinpath("notice.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[0].read_bytes())
    monkeypatch.chdir(here)
    selector = str(empty) if selector == "EMPTY" else selector
    for args in (("diff", selector, "2020"), ("diff", "2020", selector)):
        result = run_cli("--corpus", SEEDS, *args, "-f", "json")
        assert result.code == 2 and result.out == ""
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and "Hint: " in lines[0], result.err


# --- dumb terminals (14.19) -------------------------------------------------------------------
def run_on_a_terminal(term: str) -> str:
    """``ipcli diff … --only changed`` with stdout on a pseudo-terminal."""
    import pty
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env.update(TERM=term, IPCLI_CACHE=os.environ.get("IPCLI_CACHE", ""), PYTHONPATH=str(ROOT))
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "ipcli", "--corpus", str(SEEDS), "diff",
                                "2020", "2022", "--only", "changed"],
                               stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_dumb_terminal_gets_markers(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    dumb = run_on_a_terminal("dumb")
    assert "\x1b[" not in dumb and "{+" in dumb and "[-" in dumb
    colour = run_on_a_terminal("xterm-256color")
    assert "\x1b[" in colour and "{+" not in colour  # colour shows the edits instead


def test_limit_cuts_every_list_but_not_the_summary(run_cli):
    import json
    full = json.loads(run_cli("diff", "2020", "2022", "-f", "json").out)
    cut = json.loads(run_cli("diff", "2020", "2022", "-f", "json", "--limit", "2").out)
    assert cut["summary"] == full["summary"] and cut["options"]["limit"] == 2
    assert cut["matched"]["changed"] == full["matched"]["changed"][:2]
    assert cut["removed"] == full["removed"][:2] and len(full["removed"]) > 2
    assert cut["departments"]["changes"] == full["departments"]["changes"][:2]


def test_a_large_report_is_written_compactly_and_stays_valid_json():
    import io
    import json

    from ipcli.formats import write_json_compact
    data = {"schema": 2, "summary": {"units_a": 30000}, "matched": {"changed": [{"a": "知识产权"}]}}
    out = io.StringIO()
    write_json_compact(data, out)
    assert json.loads(out.getvalue()) == data and "知识产权" in out.getvalue()


def test_the_report_does_not_depend_on_the_hash_seed(tmp_path):
    """Sums over sets run in hash order; the alignment must not (ties are rounded)."""
    import os
    import subprocess
    import sys

    from conftest import ROOT, SEEDS
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT),
               "IPCLI_CACHE": str(tmp_path)}
        result = subprocess.run([sys.executable, "-m", "ipcli", "--corpus", str(SEEDS), "diff",
                                 "2020", "2022", "--flat", "-f", "json"], capture_output=True,
                                env=env, timeout=120)
        outputs.add(result.stdout)
    assert len(outputs) == 1
