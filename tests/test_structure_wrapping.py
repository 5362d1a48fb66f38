"""Hard-wrapped text (copied out of a PDF or an e-mail): a heading cut by the
line width keeps its whole title, and a tag or a 责任单位 line cut by it keeps
its departments. A text with one paragraph per line is read as before."""
from __future__ import annotations

import unicodedata

import pytest
from conftest import assert_linear_growth, cpu_seconds, seed_paths

from ipcli.parse.parser import parse_bytes, parse_text
from ipcli.parse.rules import title_end
from ipcli.parse.wrapping import wrap_width
from ipcli.readers.dispatch import read
from ipcli.text.normalize import normalize

NOTICE = """国家知识产权局关于印发《2023年知识产权保护工作要点》的通知
国知发保字〔2023〕5号
各省、自治区、直辖市知识产权局，局机关各部门：
一、加强知识产权保护制度建设和完善行政执法协作工作
（一）加大专利侵权纠纷行政裁决力度，完善行政裁决工作机制，推动建立行政裁决与调解、仲裁、诉讼等的衔接机制，提升案件办理质量和效率。（保护司负责）
（二）推动知识产权核心指标纳入国民经济和社会发展规划
推动各地将知识产权指标纳入本地区发展规划体系，强化考核评价。（战略规划司负责）
（三）指导思想
坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，落实党中央、国务院关于知识产权保护工作的决策部署。（中央宣传部、外交部、商务部、文化和旅游部、国家知识产权局等按职责分工负责）
二、强化知识产权保护协同
（四）健全跨部门协作机制，开展知识产权保护专项行动，严厉打击侵权假冒违法行为。
责任单位：市市场监管局、市公安局、市文化广电旅游局、市知识产权局
完成时限：2023年12月底前
"""


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def hard_wrap(text: str, width: int) -> str:
    """Cut every line at ``width`` columns, never putting ，。、；：）》” at a line's
    start (as word processors do)."""
    out = []
    for line in text.split("\n"):
        start = used = 0
        for at, char in enumerate(line):
            columns = _columns(char)
            if used + columns > width and char not in "，。、；：）》”,.;:)":
                out.append(line[start:at])
                start, used = at, 0
            used += columns
        out.append(line[start:])
    return "\n".join(out)


def _tasks(doc) -> list[tuple]:
    return [(node.id, task.text.replace("\n", ""), task.tag.replace("\n", ""),
             tuple((d.name, d.role) for d in task.departments), task.deadline, task.due)
            for node in doc.walk() for task in node.tasks]


def _titles(doc) -> list[tuple]:
    return [(node.id, node.title) for node in doc.walk() if node.label]


@pytest.mark.parametrize("width", [48, 60, 76])
def test_a_hard_wrapped_notice_reads_as_the_same_notice_unwrapped(width):
    whole, wrapped = parse_text(NOTICE, "n"), parse_text(hard_wrap(NOTICE, width), "n")
    assert len(_tasks(whole)) == 4
    assert _tasks(wrapped) == _tasks(whole)
    assert _titles(wrapped) == _titles(whole)
    assert not [w for w in wrapped.warnings if w.code == "unclassified-marker"]


def test_the_wrapped_heading_and_the_cut_tag_in_detail():
    doc = parse_text(hard_wrap(NOTICE, 48), "n")
    nodes = {node.id: node for node in doc.walk()}
    assert nodes["1.1"].title.startswith("加大专利侵权纠纷行政裁决力度，完善行政裁决工作机制")
    assert nodes["1.2"].title == "推动知识产权核心指标纳入国民经济和社会发展规划"  # a title cut in two
    assert nodes["1.3"].title == "指导思想"  # short: a title on its own line
    (task,) = nodes["1.1"].tasks
    assert task.text.startswith("加大专利侵权纠纷行政裁决力度") and task.text.endswith("效率。")
    (cut,) = nodes["1.3"].tasks
    assert "\n" in cut.tag  # the tag as printed, over two lines
    assert [d.name for d in cut.departments][-1] == "国家知识产权局"
    (labelled,) = nodes["2.4"].tasks
    assert "市文化广电旅游局" in [d.name for d in labelled.departments]
    assert labelled.due == "2023-12-31"


def test_a_title_that_fills_the_line_exactly_keeps_its_paragraph_in_the_task():
    """At 52 columns (二)'s title is exactly one line: it stays the title, and the
    task's text starts with it, since a cut sentence would look the same."""
    nodes = {node.id: node for node in parse_text(hard_wrap(NOTICE, 52), "n").walk()}
    assert nodes["1.2"].title == "推动知识产权核心指标纳入国民经济和社会发展规划"
    (task,) = nodes["1.2"].tasks
    assert task.text.replace("\n", "") == ("推动知识产权核心指标纳入国民经济和社会发展规划"
                                            "推动各地将知识产权指标纳入本地区发展规划体系，强化考核评价。")


def test_traditional_half_width_and_gb18030_wrapped_alike():
    traditional = (NOTICE.replace("国家知识产权局关于印发", "國家知識產權局關於印發")
                   .replace("加大专利侵权纠纷行政裁决力度", "加大專利侵權糾紛行政裁決力度")
                   .replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":"))
    whole = parse_text(traditional, "n")
    wrapped = parse_bytes(hard_wrap(traditional, 48).encode("gb18030"), "n", path="n.txt")
    assert len(_tasks(whole)) == 4
    assert _tasks(wrapped) == _tasks(whole)
    assert _titles(wrapped) == _titles(whole)


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem)
def test_every_seed_hard_wrapped_keeps_its_tasks(seed):
    """The seeds' normalised lines cut at 56 columns (a PDF page of 28 characters)."""
    text = "\n".join(normalize(read(seed.read_bytes(), seed.name).text).lines)
    whole = parse_text(text, seed.stem)
    assert wrap_width(normalize(text).lines) is None  # one paragraph per line: not wrapped
    wrapped = parse_text(hard_wrap(text, 56), seed.stem)
    if _tasks(whole):  # (a web page of short lines and no task may not look wrapped)
        # cut in normalised text, where ,;:() are ASCII (1 column) but measured as 1.5
        assert wrap_width(normalize(hard_wrap(text, 56)).lines) in range(50, 63)
    cut, kept = _tasks(wrapped), _tasks(whole)
    assert [t[2:] for t in cut] == [t[2:] for t in kept]  # tags, departments, deadlines
    for (_, text, *_), (_, whole_text, *_) in zip(cut, kept):
        assert text.endswith(whole_text)  # nothing lost; a cut title may lead the text


def test_a_text_with_one_paragraph_per_line_is_not_wrapped():
    lines = [f"（{n}）加强知识产权保护，完善制度{'建设' * n}。（保护司负责）" for n in range(1, 10)]
    assert wrap_width(lines) is None
    same_length = ["附件：知识产权保护工作要点任务分工表第一" + str(n) for n in range(9)]
    assert wrap_width(same_length) is None  # short lines of one length: a list, not a wrap


def test_title_end_across_line_breaks():
    text = "推动知识产权核心指标纳入国民经济和社会发展\n规划\n推动各地将指标纳入规划。"
    title = "推动知识产权核心指标纳入国民经济和社会发展规划"
    assert text[title_end(text, title):] == "推动各地将指标纳入规划。"
    assert title_end("加强保护。(保护司负责)", "加强保护") == 5
    assert title_end("完全不同的文字", "加强保护") == 0


# --- found by an adversarial review: nothing that is not wrapped may change -----------------
ONE_ITEM_A_LINE = """杭州市知识产权局关于做好2024年知识产权宣传周活动的通知
各区、县（市）知识产权局，各有关单位：
为营造尊重知识产权的良好氛围，现就做好宣传周活动有关事项通知如下。
请各区围绕宣传主题组织开展形式多样的活动，及时报送活动信息。（办公室负责）
要加强知识产权保护成果宣传，集中发布一批典型案例和成效数据。（保护处负责）
要做好知识产权公共服务宣传，推广专利检索分析等公共服务产品。（服务处负责）
一、活动安排
（一）举办知识产权保护成果发布会，展示年度保护工作成效。（办公室负责）
完成时限：2024年4月26日前
（二）开展知识产权进企业活动，宣讲专利商标保护政策。（保护处负责）
完成时限：2024年4月30日前
（三）开展知识产权进校园活动，在中小学开展普及教育。（宣传处负责）
完成时限：2024年5月底前
（四）开展知识产权进社区活动，普及识别假冒商品知识。（执法处负责）
完成时限：2024年5月底前
杭州市知识产权局
2024年4月10日
"""


def test_lines_of_one_length_that_end_sentences_are_not_a_wrap():
    """Items and paragraphs of near one length, each ending in 。 or ）: not wrapped, so
    each 完成时限 stays its task's, and each paragraph stays its own node."""
    assert wrap_width(normalize(ONE_ITEM_A_LINE).lines) is None
    doc = parse_text(ONE_ITEM_A_LINE, "n")
    tasks = [t for node in doc.walk() for t in node.tasks]
    assert [t.deadline for t in tasks[3:]] == ["2024年4月26日前", "2024年4月30日前",
                                               "2024年5月底前", "2024年5月底前"]
    assert [n.id for n in doc.walk() if n.kind == "paragraph"] == ["para3", "para4", "para5", "para6"]


WRAPPED_LABELS = """杭州市知识产权局关于印发2023年知识产权保护工作要点的通知
一、强化知识产权保护
（一）加大专利侵权纠纷行政裁决力度，完善行政裁决工作机制，
推动建立行政裁决与调解、仲裁的衔接机制。（保护司负责）
完成时限：2023年12月底前
（二）健全跨部门协作机制，开展知识产权保护专项行动，严厉
打击侵权假冒违法行为，完善行政执法与刑事司法衔接机制，加
大案件移送力度。
责任单位：市市场监管局、市公安局、市商务局、市知识产权局
完成时限：2023年12月底前
（三）推动知识产权核心指标纳入国民经济和社会发展规划，推
动各地将知识产权指标纳入本地区发展规划体系，强化考核。责任
单位：战略规划司
（四）完善知识产权快速协同保护体系，推进知识产权保护中心
建设，为重点产业提供快速预审、快速确权、快速维权服务。（
保护司负责）
完成时限：长期坚持
"""


def test_label_lines_in_wrapped_text_keep_their_own_lines():
    """A line ending in ）, or a 责任单位 line that fills the width, does not run into the
    完成时限 line after it; a label cut after 。 (责任|单位:) is found."""
    doc = parse_text(WRAPPED_LABELS, "n")
    assert wrap_width(normalize(WRAPPED_LABELS).lines) is not None
    found = {node.id: node.tasks for node in doc.walk() if node.tasks}
    assert [(t.deadline, [d.name for d in t.departments]) for t in found["1.1"]] == [
        ("2023年12月底前", ["保护司"])]
    assert [(t.deadline, len(t.departments)) for t in found["1.2"]] == [("2023年12月底前", 4)]
    assert [d.name for t in found["1.3"] for d in t.departments] == ["战略规划司"]
    assert [(t.deadline, [d.name for d in t.departments]) for t in found["1.4"]] == [
        ("长期坚持", ["保护司"])]


def test_a_task_table_does_not_hide_the_wrap():
    rows = "\n".join(f"| {k} | 开展知识产权保护专项行动第{k}项重点任务，严厉打击侵权假冒违法行为 "
                     "| 市市场监管局、市公安局 | 2023年12月底前 |" for k in range(1, 8))
    text = (hard_wrap(NOTICE, 56) + "\n附件\n重点任务分工表\n| 序号 | 任务 | 责任单位 | 完成时限 |\n"
            "|---|---|---|---|\n" + rows + "\n")
    assert wrap_width(normalize(text).lines) is not None
    assert _tasks(parse_text(text, "n"))[:4] == _tasks(parse_text(NOTICE, "n"))


@pytest.mark.slow
def test_a_long_wrapped_paragraph_parses_in_linear_time():
    """A preamble of thousands of wrapped lines joined once, not line by line (was
    quadratic: 10 s of 16 s in joining at 93,000 lines)."""
    sentence = "为深入实施知识产权强国战略，加快建设知识产权强省，推动经济高质量发展，"
    def notice(n):
        body = hard_wrap("根据工作安排" + sentence * n + "特制定本方案。", 56)
        return f"某某省知识产权局关于印发工作方案的通知\n{body}\n一、总体要求\n（一）加强保护。（保护处负责）\n"
    times = [cpu_seconds(lambda t=notice(n): parse_text(t, "n")) for n in (1500, 3000, 6000)]
    assert_linear_growth(times, floor=0.05)
    (para,) = [n for n in parse_text(notice(50), "n").walk() if n.kind == "paragraph"]
    assert para.text.count("\n") > 40  # one node for the whole wrapped paragraph


# --- a second review: cuts inside tags and labels, and lists of items -----------------------
_CUTS = """一、强化知识产权保护
（一）加大专利侵权纠纷行政裁决力度，完善行政裁决工作机制，推动建立行政
裁决与调解、仲裁、诉讼等的衔接机制，提升案件办理质量和效率。（保护司负
责）
（二）健全跨部门协作机制，开展知识产权保护专项行动，严厉打击侵权假冒违
法行为，完善行政执法与刑事司法衔接机制，加大案件移送力度。（执法司负责）
（三）坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大
精神，落实党中央、国务院关于知识产权保护工作的决策部署。（办公室负责）
二、重点任务
（一）加强商标专用权保护，严厉打击商标侵权违法行为。（省市场监管局负责。
2024年底前完成）
（二）完善协同保护体系，提供快速预审服务。（责任单位：保护司、公共服务司；
完成时限：2024年12月底前）
（三）推进知识产权公共服务体系建设，推动信息公共服务网点建设。【牵头单位
：保护司；参与单位：审查业务管理部、公共服务司】
（四）健全纠纷多元化解机制，推动建立人民调解组织。责任单位：省司法厅、
省知识产权局、省高级人民法院、省人民检察院、省公安厅、省商务厅；完成
时限：2024年12月底前
"""


def test_a_cut_inside_a_tag_or_a_label_keeps_the_task():
    """A line ending in 。 or ; inside an open bracket, a bracket left open before a
    label line (【|牵头单位:…】), a label cut in two (完成|时限:): each task keeps its
    departments and deadline."""
    doc = parse_text(_CUTS, "n")
    assert wrap_width(normalize(_CUTS).lines) is not None
    found = {node.id: node.tasks for node in doc.walk() if node.tasks}
    assert [d.name for d in found["2.1"][0].departments] == ["省市场监管局"]
    assert [(d.name, found["2.2"][0].deadline) for d in found["2.2"][0].departments] == [
        ("保护司", "2024年12月底前"), ("公共服务司", "2024年12月底前")]
    assert [d.name for d in found["2.3"][0].departments] == ["保护司", "审查业务管理部", "公共服务司"]
    assert [(len(t.departments), t.deadline) for t in found["2.4"]] == [(6, "2024年12月底前")]
    assert not [w for w in doc.warnings if w.code == "unclassified-marker"]


TASK_LIST = """浙江省知识产权局关于印发2024年知识产权保护重点任务分工方案的通知
各设区市市场监管局（知识产权局）：
现将分工方案印发给你们，请认真抓好落实。
一、强化知识产权保护制度建设
（一）完善知识产权保护地方性法规和配套政策，推动出台知识产权保护条例
责任单位：省知识产权局、省司法厅、省市场监管局、省公安厅、省商务厅
完成时限：年底前
（二）推进专利侵权纠纷行政裁决规范化建设试点，提升案件办理质量效率
责任单位：省知识产权局、省司法厅、省高级人民法院、省人民检察院
完成时限：年底前
（三）健全知识产权快速协同保护体系，扩大快速预审服务覆盖产业领域
责任单位：省知识产权局、省经信厅、省科技厅、省商务厅、省公安厅
工作要求：各地要建立工作台账，按季度报送进展
（四）开展重点领域知识产权侵权假冒专项整治，严厉打击各类违法行为
责任单位：省市场监管局、省公安厅、省文化和旅游厅、杭州海关、宁波海关
完成时限：年底前
"""


def test_items_without_a_final_stop_each_followed_by_labels_are_not_a_wrap():
    assert wrap_width(normalize(TASK_LIST).lines) is None
    doc = parse_text(TASK_LIST, "n")
    assert [len(t.departments) for n in doc.walk() for t in n.tasks] == [5, 4, 5, 5]
    assert [n.title for n in doc.walk() if n.kind == "subsection"][0] == \
        "完善知识产权保护地方性法规和配套政策，推动出台知识产权保护条例"


def test_a_tag_cut_across_lines_in_text_not_judged_wrapped_is_warned_about():
    """Half a notice wrapped (or too little of it to tell): the cut tag is not read,
    but it is never lost in silence."""
    text = ("一、重点任务\n（一）加强知识产权保护，完善制度建设，推动落实各项工作任务。（保\n护司负责）\n"
            "（二）开展宣传。（办公室负责）\n")
    doc = parse_text(text, "n")
    assert wrap_width(normalize(text).lines) is None
    (warning,) = [w for w in doc.warnings if w.code == "unclassified-marker"]
    assert (warning.line, warning.snippet) == (2, "（保\n护司负责）")
    assert "cut across lines" in warning.message


def test_a_cut_sentence_going_on_with_a_number_is_no_new_node():
    """第四条和 | 第十二条的规定 in a wrapped regulation: 第十二条 would skip ahead of 第二条,
    so it goes on the cut sentence; 第三条 at the next line's start still opens a node."""
    text = ("某某省专利纠纷处理办法\n"
            "第一条 为了规范专利侵权纠纷行政裁决工作，维护专利权人和社会公众的合法权益，根据\n"
            "《中华人民共和国专利法》等法律法规，结合本省实际，制定本办法。\n"
            "第二条 本省行政区域内的专利侵权纠纷行政裁决，适用本办法。依照专利法第四条和\n"
            "第十二条的规定，遵循公正、及时、便民的原则，加强部门协作。（省知识产权局负责）\n"
            "第三条 县级以上人民政府应当加强对专利纠纷行政裁决工作的领导，保障所需经费和\n"
            "人员，建立健全工作机制，推动行政裁决与司法保护有效衔接。（省司法厅负责）\n"
            "第四条 省知识产权局负责全省专利侵权纠纷行政裁决工作的指导和监督，组织开展业务\n"
            "培训，统一裁决标准，公开典型案例，提升行政裁决公信力。（省知识产权局负责）\n")
    assert wrap_width(normalize(text).lines) is not None
    doc = parse_text(text, "n")
    articles = [n for n in doc.walk() if n.kind == "article"]
    assert [n.number for n in articles] == [1, 2, 3, 4]
    assert "第十二条的规定" in articles[1].text
    assert [d.name for t in articles[1].tasks for d in t.departments] == ["省知识产权局"]
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


def test_a_list_in_columns_is_not_a_wrap():
    """Rows of 单位 名称 of one width, ending without punctuation: columns, not cut
    sentences, so each row stays a paragraph of its own."""
    rows = ["杭州海康威视数字技术股份有限公司 一种基于深度学习的目标检测方法及装置",
            "浙江大学 一种高效率永磁同步电机控制系统及其参数在线辨识方法",
            "宁波舜宇光学科技（集团）有限公司 一种大光圈广角光学镜头及成像设备",
            "浙江吉利控股集团有限公司 一种混合动力汽车能量管理方法及整车控制器",
            "杭州阿里巴巴网络技术有限公司 一种分布式数据库事务处理方法及系统装置",
            "浙江正泰电器股份有限公司 一种具有自诊断功能的智能断路器及控制方法",
            "万向钱潮股份有限公司 一种汽车等速万向节总成及其装配检测工艺方法"]
    text = ("浙江省知识产权局关于公布2024年度浙江省专利奖获奖名单的通知\n各设区市市场监管局（知识产权局）：\n"
            "经评审，现将2024年度浙江省专利奖获奖项目名单公布如下。\n" + "\n".join(rows) + "\n")
    assert wrap_width(normalize(text).lines) is None
    paragraphs = [n for n in parse_text(text, "n").walk() if n.kind == "paragraph"]
    assert len(paragraphs) == len(rows) + 1
