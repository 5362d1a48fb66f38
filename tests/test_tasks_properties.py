"""Properties of task extraction on generated items (hypothesis).

- no task has empty text;
- every bracket that looks like a marker, and every line that starts like a
  marker label, is either (part of) a task's tag or an ``unclassified-marker``
  warning: nothing that reads as an assignment is dropped silently;
- a task's tag and text are both in its node's text, the text before the tag.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from ipcli.parse.departments import brackets
from ipcli.parse.markers import looks_like_marker, looks_like_marker_line
from ipcli.parse.parser import parse_text

S2T = OpenCC("s2t")
HALF = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
FOLDED = str.maketrans("，（）：；！？", ",():;!?")  # printed text → the width-folded text parsed

UNITS = ["保护司", "运用促进司", "市财政局", "省商务厅", "各区、县（市）政府", "市级各有关部门",
         "数字经济促进司", "国家知识产权局", "中央宣传部等", "有关企业", "各地", "市科技局与市教育局"]
VERBS = ["负责", "牵头", "参与", "配合", "协助", "支持", "按职责分工负责", "共同负责", "牵头负责"]
DEADLINES = ["2023年12月底前", "年内", "长期坚持", "持续推进", "2024年6月前完成", "年底前"]
LABELS = ["责任单位：", "牵头单位：", "配合单位：", "责任部门：", "完成时限：", "协办单位：", "责任领导："]
CLAUSES = ["加强知识产权保护。", "实施专利转化专项计划，", "开展地理标志助力乡村振兴行动。",
           "制定出台《知识产权维权援助工作规范（2023年）》，统一服务标准。", ""]
JUNK = st.text(alphabet="负责牵头参与配合单位部门：；，、。（）市局司年月底前以下简称见附件TISC0123 ",
               max_size=24)

units = st.lists(st.sampled_from(UNITS), min_size=1, max_size=3).map("、".join)
assignment = st.tuples(units, st.sampled_from(VERBS)).map("".join)
labelled = st.tuples(st.sampled_from(LABELS), st.one_of(units, st.sampled_from(DEADLINES))).map(
    "".join)
chunk = st.one_of(assignment, labelled, st.sampled_from(DEADLINES), units, JUNK)
content = st.tuples(st.lists(chunk, min_size=1, max_size=3).map("，".join),
                    st.sampled_from(["", "。以下各项不再重复列出", "。"])).map("".join)
bracket = st.tuples(st.sampled_from(["（）", "【】", "〔〕"]), content).map(
    lambda p: p[0][0] + p[1] + p[0][1])
marker_line = st.lists(st.one_of(labelled, JUNK), min_size=1, max_size=3).map("；".join)


@st.composite
def items(draw) -> str:
    lines = ["一、重点任务"]
    for number in range(1, draw(st.integers(1, 4)) + 1):
        parts = [f"{number}、"]
        for _ in range(draw(st.integers(1, 3))):
            parts.append(draw(st.sampled_from(CLAUSES)))
            if draw(st.booleans()):
                parts.append(draw(bracket))
        lines.append("".join(parts))
        for _ in range(draw(st.integers(0, 2))):
            lines.append(draw(marker_line))
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        text = text.translate(HALF)
    if draw(st.booleans()):
        text = S2T.convert(text)
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items())
def test_no_task_is_empty_and_no_marker_is_lost(text):
    doc = parse_text(text, "generated")
    snippets = [w.snippet for w in doc.warnings if w.code == "unclassified-marker"]
    for node in doc.walk():
        if node.kind in ("front", "back"):
            continue
        tags = [t.tag for t in node.tasks]
        cursor = 0
        for task in node.tasks:  # in order: each tag after the previous one, its text before it
            assert task.text.strip(), (node.text, task)
            at = node.text.find(task.tag, cursor)
            while at >= 0 and task.text not in node.text[:at]:  # the same marker printed twice
                at = node.text.find(task.tag, at + 1)
            assert at >= 0, (node.text, task)
            cursor = at + len(task.tag)
        for start, end, inner in brackets(node.text.translate(FOLDED)):  # the parser's view
            if looks_like_marker(inner):
                printed = node.text[start:end]
                assert any(printed in tag for tag in tags) or any(
                    printed in (s or "") for s in snippets), (node.text, printed)
        for line in node.text.split("\n"):
            if looks_like_marker_line(line):
                assert any(line in tag for tag in tags) or line in snippets, (node.text, line)


def test_a_bracket_left_open_does_not_hide_a_later_marker():
    """Found by the property above: ``((`` never closed on the line hid the marker."""
    doc = parse_text("一、重点任务\n1、加强保护。((加强知识产权保护。【保护司负责】\n", "g")
    (task,) = [t for n in doc.walk() for t in n.tasks]
    assert (task.tag, task.departments[0].canonical) == ("【保护司负责】", "知识产权保护司")
    assert [s[2] for s in brackets("甲((乙【保护司负责】\n(丙)")] == ["保护司负责", "丙"]
