"""Issue 15: every marker form, in both scripts, both widths and every bracket kind.

Each case is one item as a city, provincial or State Council plan prints it,
written in Simplified with full-width punctuation; ``⟨…⟩`` stands for the
marker's brackets. Every case runs in six variants: （） full width, () half
width, 【】 and 〔〕, and Traditional (OpenCC s2t, an independent converter) in
full and half width. Expected values are written out by hand, in Simplified and
in the folded (half-width) forms the parser works on; ``printed`` gives them the
Chinese punctuation ``ipcli parse`` prints (issue 21): every mark in these items
stands in Chinese text, so every one is full width.
"""
from __future__ import annotations

import pytest
from opencc import OpenCC

from ipcli.parse.parser import parse_text

S2T = OpenCC("s2t")
HALF = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}  # （：，； → (:,;
FULL = str.maketrans(",():;!?", "，（）：；！？")


def printed(text):
    """``text`` as printed: in these all-Chinese items every ASCII mark is full width."""
    return text.translate(FULL) if text else text
BRACKETS = {"full": "（）", "half": "()", "lenticular": "【】", "tortoise": "〔〕",
            "traditional": "（）", "traditional-half": "()"}

CNIPA = "cnipa-unit"
R, L, P = "responsible", "lead", "participant"


def variant(item: str, name: str) -> str:
    open_, close = BRACKETS[name]
    text = item.replace("⟨", open_).replace("⟩", close)
    if name.startswith("traditional"):
        text = S2T.convert(text)
    if name.endswith("half"):
        text = text.translate(HALF)
    return text


def tasks_of(item: str, year_line: str = "") -> list:
    doc = parse_text(f"一、重点任务\n{item}\n{year_line}", "t")
    return [t for n in doc.walk() for t in n.tasks]


# (item, [(text, tag content, [(name, canonical, role, kind)], deadline, due, note)])
CASES = {
    "X负责": (
        "1、制定出台《知识产权维权援助工作规范》，统一服务标准。⟨保护司负责⟩",
        [("制定出台《知识产权维权援助工作规范》,统一服务标准。", "保护司负责",
          [("保护司", "知识产权保护司", R, CNIPA)], None, None, None)]),
    "X、Y负责": (
        "2、完善知识产权质押融资风险补偿机制，扩大质押融资规模。⟨市财政局、市金融办负责⟩",
        [("完善知识产权质押融资风险补偿机制,扩大质押融资规模。", "市财政局、市金融办负责",
          [("市财政局", None, R, "local"), ("市金融办", None, R, "local")], None, None, None)]),
    "X牵头,Y、Z参与": (
        "3、建设知识产权公共服务网点，推动服务资源下沉。⟨公共服务司牵头，运用促进司、专利局参与⟩",
        [("建设知识产权公共服务网点,推动服务资源下沉。", "公共服务司牵头,运用促进司、专利局参与",
          [("公共服务司", "公共服务司", L, CNIPA),
           ("运用促进司", "知识产权运用促进司", P, CNIPA),
           ("专利局", "专利局", P, "cnipa-affiliate")], None, None, None)]),
    "X牵头,Y配合": (
        "4、开展知识产权执法“铁拳”行动。⟨市市场监管局牵头，市公安局配合⟩",
        [("开展知识产权执法“铁拳”行动。", "市市场监管局牵头,市公安局配合",
          [("市市场监管局", None, L, "local"), ("市公安局", None, P, "local")],
          None, None, None)]),
    "X牵头,Y按职责分工负责": (
        "5、厚植知识产权文化理念。⟨国家知识产权局牵头，中央宣传部、司法部等按职责分工负责⟩",
        [("厚植知识产权文化理念。", "国家知识产权局牵头,中央宣传部、司法部等按职责分工负责",
          [("国家知识产权局", "国家知识产权局", L, "state-council"),
           ("中央宣传部", "中央宣传部", P, "party-central"),
           ("司法部", "司法部", P, "state-council")], None, None, None)]),
    "X负责,Y参与": (
        "6、推进专利代办和商标受理窗口业务融合。⟨运用促进司负责，商标局参与⟩",
        [("推进专利代办和商标受理窗口业务融合。", "运用促进司负责,商标局参与",
          [("运用促进司", "知识产权运用促进司", R, CNIPA),
           ("商标局", "商标局", P, "cnipa-affiliate")], None, None, None)]),
    "X、Y等部门按职责分工负责": (
        "7、优化知识产权人才发展环境。⟨教育部、人力资源社会保障部等部门按职责分工负责⟩",
        [("优化知识产权人才发展环境。", "教育部、人力资源社会保障部等部门按职责分工负责",
          [("教育部", "教育部", R, "state-council"),
           ("人力资源社会保障部", "人力资源和社会保障部", R, "state-council")],
          None, None, None)]),
    "X与Y共同负责": (
        "8、加强高校知识产权信息服务中心建设。⟨市科技局与市教育局共同负责⟩",
        [("加强高校知识产权信息服务中心建设。", "市科技局与市教育局共同负责",
          [("市科技局", None, R, "local"), ("市教育局", None, R, "local")], None, None, None)]),
    "X协助": (
        "9、做好知识产权纠纷人民调解工作。⟨市司法局协助⟩",
        [("做好知识产权纠纷人民调解工作。", "市司法局协助",
          [("市司法局", None, P, "local")], None, None, None)]),
    "X支持": (
        "10、举办中国国际专利技术与产品交易会。⟨中国贸促会支持⟩",
        [("举办中国国际专利技术与产品交易会。", "中国贸促会支持",
          [("中国贸促会", "中国国际贸易促进委员会", P, "organisation")], None, None, None)]),
    "责任单位:X、Y": (
        "11、落实知识产权质押融资贴息政策。⟨责任单位：市财政局、市科技局⟩",
        [("落实知识产权质押融资贴息政策。", "责任单位:市财政局、市科技局",
          [("市财政局", None, R, "local"), ("市科技局", None, R, "local")], None, None, None)]),
    "牵头单位:X;配合单位:Y": (
        "12、培育一批知识产权优势示范企业。⟨牵头单位：市商务局；配合单位：各区、县（市）政府⟩",
        [("培育一批知识产权优势示范企业。", "牵头单位:市商务局;配合单位:各区、县(市)政府",
          [("市商务局", None, L, "local"),
           ("各区、县(市)政府", "各区县人民政府", P, "generic")], None, None, None)]),
    "责任部门:X": (
        "13、建立重点商标保护名录。⟨责任部门：省知识产权局⟩",
        [("建立重点商标保护名录。", "责任部门:省知识产权局",
          [("省知识产权局", None, R, "local")], None, None, None)]),
    "牵头部门:X": (
        "14、开展地理标志助力乡村振兴行动。⟨牵头部门：省农业农村厅⟩",
        [("开展地理标志助力乡村振兴行动。", "牵头部门:省农业农村厅",
          [("省农业农村厅", None, L, "local")], None, None, None)]),
    "协办单位:X": (
        "15、组织知识产权宣传周活动。⟨协办单位：市级各有关部门⟩",
        [("组织知识产权宣传周活动。", "协办单位:市级各有关部门",
          [("市级各有关部门", "市级有关部门", P, "generic")], None, None, None)]),
    "责任单位:X;完成时限:…": (
        "16、建成市级知识产权保护中心。⟨责任单位：市科技局；完成时限：2023年12月底前⟩",
        [("建成市级知识产权保护中心。", "责任单位:市科技局;完成时限:2023年12月底前",
          [("市科技局", None, R, "local")], "2023年12月底前", "2023-12-31", None)]),
    "deadline,X负责": (
        "17、出台专利转化专项计划实施方案。⟨2023年12月底前，保护司负责⟩",
        [("出台专利转化专项计划实施方案。", "2023年12月底前,保护司负责",
          [("保护司", "知识产权保护司", R, CNIPA)], "2023年12月底前", "2023-12-31", None)]),
    "X负责,deadline": (
        "18、完成专利审查协作中心扩容。⟨专利局负责，2023年底前完成⟩",
        [("完成专利审查协作中心扩容。", "专利局负责,2023年底前完成",
          [("专利局", "专利局", R, "cnipa-affiliate")], "2023年底前完成", "2023-12-31", None)]),
    "X负责,长期坚持": (
        "19、严格商标注册申请审查。⟨商标局负责，长期坚持⟩",
        [("严格商标注册申请审查。", "商标局负责,长期坚持",
          [("商标局", "商标局", R, "cnipa-affiliate")], "长期坚持", None, None)]),
    "deadline alone": (
        "20、深化知识产权领域“放管服”改革。⟨持续推进⟩",
        [("深化知识产权领域“放管服”改革。", "持续推进", [], "持续推进", None, None)]),
    "before a month": (
        "21、修订专利代理机构执业规范。⟨条法司负责，2024年6月前完成⟩",
        [("修订专利代理机构执业规范。", "条法司负责,2024年6月前完成",
          [("条法司", "条法司", R, CNIPA)], "2024年6月前完成", "2024-05-31", None)]),
    "note": (
        "22、推动外贸企业海外知识产权布局。⟨市商务局牵头，市级有关部门按职责分工负责。"
        "以下各项均需各区县政府落实，不再重复列出⟩",
        [("推动外贸企业海外知识产权布局。",
          "市商务局牵头,市级有关部门按职责分工负责。以下各项均需各区县政府落实,不再重复列出",
          [("市商务局", None, L, "local"), ("市级有关部门", "市级有关部门", P, "generic")],
          None, None, "以下各项均需各区县政府落实,不再重复列出")]),
    "two markers in one item": (
        "23、加强知识产权保护。深化知识产权审判改革。⟨最高人民法院负责⟩加大刑事打击力度。"
        "⟨公安部牵头，最高人民检察院参与⟩",
        [("深化知识产权审判改革。", "最高人民法院负责",  # the title is not the whole clause
          [("最高人民法院", "最高人民法院", R, "court")], None, None, None),
         ("加大刑事打击力度。", "公安部牵头,最高人民检察院参与",
          [("公安部", "公安部", L, "state-council"),
           ("最高人民检察院", "最高人民检察院", P, "court")], None, None, None)]),
}


def _expected_tag(content: str, name: str) -> str:
    open_, close = BRACKETS[name]
    return printed(open_ + content + close)  # （） and () are printed （）


@pytest.mark.parametrize("name", list(BRACKETS))
@pytest.mark.parametrize("case", list(CASES))
def test_marker_forms(case, name):
    item, expected = CASES[case]
    tasks = tasks_of(variant(item, name))
    got = [(t.text, t.tag, [(d.name, d.canonical, d.role, d.kind) for d in t.departments],
            t.deadline, t.due, t.note) for t in tasks]
    want = [(printed(text), _expected_tag(tag, name),
             [(printed(n), c, r, k) for n, c, r, k in depts], deadline, due, printed(note))
            for text, tag, depts, deadline, due, note in expected]
    assert got == want


LINE_CASES = {
    "one label a line": (
        "1．实施高价值专利培育工程，建设高价值专利培育中心。\n责任单位：市市场监管局、市科技局\n"
        "完成时限：2023年12月底前",
        ("实施高价值专利培育工程,建设高价值专利培育中心。",
         "责任单位:市市场监管局、市科技局\n完成时限:2023年12月底前",
         [("市市场监管局", None, R, "local"), ("市科技局", None, R, "local")],
         "2023年12月底前", "2023-12-31")),
    "lead and partners on separate lines": (
        "2．开展专利导航服务。\n牵头单位：市经信局\n配合单位：各县（市、区）政府，市科技局\n"
        "完成时限：2024年6月前",
        ("开展专利导航服务。", "牵头单位:市经信局\n配合单位:各县(市、区)政府,市科技局\n"
         "完成时限:2024年6月前",
         [("市经信局", None, L, "local"), ("各县(市、区)政府", "各区县人民政府", P, "generic"),
          ("市科技局", None, P, "local")], "2024年6月前", "2024-05-31")),
    "all on one line": (
        "3．建立知识产权纠纷快速处理机制。\n牵头单位：市司法局；配合单位：市中级人民法院；"
        "完成时限：2023年底前",
        ("建立知识产权纠纷快速处理机制。",
         "牵头单位:市司法局;配合单位:市中级人民法院;完成时限:2023年底前",
         [("市司法局", None, L, "local"), ("市中级人民法院", None, P, "local")],
         "2023年底前", "2023-12-31")),
    "after the sentence on the same line": (
        "4．推进商标品牌建设。责任单位：市市场监管局",
        ("推进商标品牌建设。", "责任单位:市市场监管局",
         [("市市场监管局", None, R, "local")], None, None)),
    "a deadline line after a bracket marker": (
        "5．完善知识产权公共服务体系。（公共服务司负责）\n完成时限：2023年12月底前",
        ("完善知识产权公共服务体系。", "(公共服务司负责)\n完成时限:2023年12月底前",
         [("公共服务司", "公共服务司", R, CNIPA)], "2023年12月底前", "2023-12-31")),
}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("width", ["full", "half"])
@pytest.mark.parametrize("case", list(LINE_CASES))
def test_marker_lines(case, script, width):
    item, (text, tag, depts, deadline, due) = LINE_CASES[case]
    if script == "traditional":
        item = S2T.convert(item)
    if width == "half":
        item = item.translate(HALF)
    (task,) = tasks_of(item)
    assert (task.text, task.tag, task.deadline, task.due) == (
        printed(text), printed(tag), deadline, due)
    assert [(d.name, d.canonical, d.role, d.kind) for d in task.departments] == [
        (printed(n), c, r, k) for n, c, r, k in depts]


def test_a_city_plan_end_to_end():
    """A whole notice in Traditional, GB-style full-width punctuation: ``年内`` takes its year."""
    notice = S2T.convert(
        "杭州市知识产权局关于印发《2023年杭州市知识产权工作要点》的通知\n"
        "各区、县（市）知识产权局，市级各有关部门：\n"
        "现将《2023年杭州市知识产权工作要点》印发给你们，请认真贯彻落实。\n"
        "杭州市知识产权局\n2023年3月1日\n"
        "一、强化知识产权创造\n"
        "1．实施高价值专利培育工程。\n责任单位：杭州市市场监管局、市科技局\n完成时限：年内\n"
        "2．开展专利导航。（市经信局负责，年底前完成）\n")
    doc = parse_text(notice, "hz")
    assert doc.meta.year == 2023
    first, second = [t for n in doc.walk() for t in n.tasks]
    assert [(d.name, d.canonical, d.kind) for d in first.departments] == [
        ("杭州市市场监管局", "杭州市市场监管局", "local"), ("市科技局", None, "local")]
    assert (first.deadline, first.due) == ("年内", "2023-12-31")
    assert (second.text, second.deadline, second.due) == ("开展专利导航。", "年底前完成", "2023-12-31")
    assert [w for w in doc.warnings if w.code in ("unclassified-marker", "unknown-department")] == []


def test_year_end_without_a_document_year_has_no_due():
    (task,) = tasks_of("1、开展专利导航。（市经信局负责，年内完成）")
    assert (task.deadline, task.due) == ("年内完成", None)


@pytest.mark.parametrize("item", [
    "1、建设技术与创新支持中心（TISC）。",
    "2、落实《推动知识产权高质量发展年度工作指引（2020）》。",
    "3、支持国家知识产权保护中心（以下简称“保护中心”）建设。",
    "4、此件公开发布。（国家知识产权局代章）",
    "5、各省、自治区、直辖市知识产权局（知识产权管理部门）要加强指导。",
    "6、有关问题请与保护司联系。（联系人及电话：知识产权保护司 李伟 010—62086849）",
    "7、按照《关于印发〈推动知识产权高质量发展年度工作指引（2020）〉的通知》（国知发运字〔2020〕13号）执行。",
    "8、认真填写推荐表（见附件）。",
    "9、举办知识产权宣传周活动。\n参与对象：全市规模以上工业企业",
    "10、邀请省科协、省妇联、省工商联代表参加座谈（名单另行通知）。",
    "11、推动银行业金融机构开展知识产权质押融资（含工商银行浙江省分行）。",
    "12、加强知识产权学科建设（含本科、专科）。",
])
@pytest.mark.parametrize("name", ["full", "half", "traditional"])
def test_everything_else_stays_text(item, name):
    doc = parse_text(f"一、重点任务\n{variant(item, name)}\n", "t")
    assert [t for n in doc.walk() for t in n.tasks] == []
    assert [w.code for w in doc.warnings if "marker" in w.code or "department" in w.code] == []


@pytest.mark.parametrize("item, snippet", [
    ("1、及时报送工作进展。（请各单位按时负责上报材料）", "(请各单位按时负责上报材料)"),
    ("2、加强督促检查。（市商务局牵头，有关企业自行组织）", "(市商务局牵头,有关企业自行组织)"),
    ("3、加强督促检查。\n责任领导：张三", "责任领导:张三"),
    ("4、加强督促检查。\n牵头单位：请各地自行确定", "牵头单位:请各地自行确定"),
    ("5、（保护司负责）", "(保护司负责)"),
])
def test_near_miss_markers_are_warned_with_their_line(item, snippet):
    doc = parse_text(f"一、重点任务\n\n{item}\n", "t")
    warned = [(w.code, w.line, w.snippet) for w in doc.warnings if w.code == "unclassified-marker"]
    line = 3 + item.count("\n")  # the marker's own line in the original (a blank line before)
    assert warned == [("unclassified-marker", line, printed(snippet))]
    assert [t for n in doc.walk() for t in n.tasks] == []


def test_keep_script_gives_back_the_printed_text_note_and_names():
    item = S2T.convert("1、推动外贸企业海外知识产权布局。（市商务局牵头，市级有关部门按职责分工负责。"
                       "以下各项均需各区县政府落实，不再重复列出）\n完成时限：2023年底前")
    doc = parse_text(f"一、重點任務\n{item}\n", "t", keep_script=True)
    (task,) = [t for n in doc.walk() for t in n.tasks]
    assert task.text == "推動外貿企業海外知識產權佈局。"
    assert task.note == "以下各項均需各區縣政府落實，不再重複列出"
    assert [(d.name, d.canonical) for d in task.departments] == [
        ("市商務局", None), ("市級有關部門", "市级有关部门")]
    assert task.tag.startswith("（市商務局牽頭") and task.tag.endswith("完成時限：2023年底前")
    assert (task.deadline, task.due) == ("2023年底前", "2023-12-31")


@pytest.mark.parametrize("width", ["full", "half"])
def test_a_unit_named_in_the_tag_and_again_on_a_label_line_is_one_entry(width):
    """QA: 市市场监管局 as 牵头 in the tag and again under 责任单位 counted twice in depts."""
    item = "（一）加强保护。（市市场监管局牵头）\n责任单位：市市场监管局、市科技局"
    (task,) = tasks_of(item.translate(HALF) if width == "half" else item)
    assert [(d.name, d.role) for d in task.departments] == [
        ("市市场监管局", L), ("市科技局", R)]


@pytest.mark.parametrize("unit", ["深圳海关", "黄埔海关", "各高校", "市公安局经侦支队", "国家级经开区园区",
                                  "省科协", "省妇联", "省工商联", "省残联", "市侨联",
                                  "人行杭州中心支行", "中国人民银行杭州中心支行", "工商银行浙江省分行",
                                  "省消防救援总队", "知识产权科", "市局商标广告科"])
@pytest.mark.parametrize("name", list(BRACKETS))
def test_units_named_by_other_unit_nouns_are_kept_as_unknown(unit, name):
    """QA: （市公安局牵头，深圳海关参与） lost every department because 海关 was not a unit noun."""
    item = variant(f"1、建立联合执法机制。⟨市公安局牵头，{unit}参与⟩", name)
    (task,) = tasks_of(item)
    want = S2T.convert(unit) if name.startswith("traditional") else unit
    assert [(d.name, d.role) for d in task.departments][-1] in [(unit, P), (want, P)]
    assert task.departments[0].name == "市公安局"


@pytest.mark.parametrize("width", ["full", "half"])
def test_a_pdf_with_radical_code_points_parses_like_its_ideographs(width):
    """New-user trial: a Chrome/Noto CJK PDF gives ``⼀、重点任务``, ``12⽉``, ``运⽤司``."""
    notice = ("关于做好知识产权保护⼯作的通知\n⼀、重点任务\n"
              "（⼀）加强⾏政保护。（保护司负责，2023年12⽉底前）\n（⼆）加强宣传。（运⽤司、⻓三⻆办负责）\n")
    doc = parse_text(notice.translate(HALF) if width == "half" else notice, "t")
    assert doc.meta.title == "关于做好知识产权保护工作的通知"
    (section,) = [n for n in doc.nodes if n.kind != "front"]
    assert (section.label, section.title) == ("一、", "重点任务")
    first, second = [t for n in doc.walk() for t in n.tasks]
    assert (first.text, first.deadline, first.due) == ("加强行政保护。", "2023年12月底前", "2023-12-31")
    assert [d.canonical or d.name for d in first.departments] == ["知识产权保护司"]
    assert [d.name for d in second.departments] == ["运用司", "长三角办"]
    assert [w.code for w in doc.warnings if "marker" in w.code] == []


@pytest.mark.parametrize("deadline, want", [
    ("2023-12-31前", "2023-12-31"), ("2023.12.31前", "2023-12-31"), ("2024/6/30之前", "2024-06-30"),
    ("2023-12-31底前", "2023-12-31"), ("2023.6.1以前", "2023-06-01"), ("2023-12-31", "2023-12-31")])
@pytest.mark.parametrize("name", ["full", "half", "traditional"])
def test_numeric_dates_in_a_tag_are_deadlines_with_a_due_date(deadline, want, name):
    """New-user trial: （保护司负责，2023-12-31前） was an unclassified marker, the task lost."""
    item = variant(f"（一）开展专利侵权纠纷行政裁决试点。⟨保护司负责，{deadline}⟩", name)
    if name == "full":
        item = item.replace("-", "－").replace(".", "．").replace("/", "／")  # typed full width
    (task,) = tasks_of(item)
    assert (task.deadline, task.due) == (deadline, want)  # as normalised: half-width marks
    assert task.departments[0].canonical == "知识产权保护司"


@pytest.mark.parametrize("text", ["2023-02-30前", "2023.12.31.5", "2023-12/31前"])
def test_numeric_dates_that_are_no_dates_give_no_due(text):
    from ipcli.parse.deadlines import due
    assert due(text) is None


def test_a_spreadsheet_date_cell_in_the_deadline_column_has_a_due_date(tmp_path):
    """New-user trial: an XLSX 完成时限 cell holding an Excel date printed 2023-12-31, due null."""
    import datetime as dt
    import io

    from openpyxl import Workbook

    from ipcli.parse.parser import parse_bytes
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "重点任务", "责任单位", "完成时限"])
    sheet.append([1, "开展专利侵权纠纷行政裁决试点。", "保护司", dt.datetime(2023, 12, 31)])
    sheet.append([2, "加强知识产权宣传。", "运用司", "2024.6.30前"])
    buffer = io.BytesIO()
    book.save(buffer)
    doc = parse_bytes(buffer.getvalue(), "x", path="x.xlsx")
    tasks = [t for n in doc.walk() for t in n.tasks]
    assert [(t.deadline, t.due) for t in tasks] == [
        ("2023-12-31", "2023-12-31"), ("2024.6.30前", "2024-06-30")]


@pytest.mark.parametrize("width", ["full", "half"])
def test_people_s_organisations_and_bank_branches_are_units(width):
    """New-user trial: （省发展改革委、人行杭州中心支行负责） yielded no task at all."""
    item = ("（一）加大知识产权金融支持。（省发展改革委、人行杭州中心支行负责）\n"
            "（二）开展女性创新创业知识产权服务。（省妇联牵头，省科协、省工商联、省残联、团省委配合）")
    doc = parse_text("一、重点任务\n" + (item.translate(HALF) if width == "half" else item), "t")
    first, second = [t for n in doc.walk() for t in n.tasks]
    assert [(d.name, d.role) for d in first.departments] == [
        ("省发展改革委", R), ("人行杭州中心支行", R)]
    assert [(d.name, d.role) for d in second.departments] == [
        ("省妇联", L), ("省科协", P), ("省工商联", P), ("省残联", P), ("团省委", P)]
    unknown = [w.snippet for w in doc.warnings if w.code == "unknown-department"]
    assert unknown == ["人行杭州中心支行", "省妇联", "省科协", "省工商联", "省残联"]
    assert [w for w in doc.warnings if w.code == "unclassified-marker"] == []


DECORATED = [
    ("（一）开展专项整治行动，严厉打击恶意注册行为。★⟨商标局负责⟩", "开展专项整治行动,严厉打击恶意注册行为。"),
    ("（二）加强商标审查审理。[重点任务]⟨商标局负责⟩", "加强商标审查审理。"),
    ("3．完善知识产权快速协同保护机制，提升维权效率。▲ ⟨保护司负责⟩", "完善知识产权快速协同保护机制,提升维权效率。"),
    ("4、推进地理标志产品保护。※⟨商标局负责⟩", "推进地理标志产品保护。"),
]


@pytest.mark.parametrize("name", ["full", "half", "traditional", "lenticular"])
@pytest.mark.parametrize("item, text", DECORATED)
def test_a_decoration_before_the_tag_is_not_the_task_text(item, text, name):
    """New-user trial: ``…行为。★（商标局负责）`` gave the task text ``★``."""
    doc = parse_text(f"一、重点任务\n{variant(item, name)}\n", "t")
    (task,) = [t for n in doc.walk() for t in n.tasks]
    assert task.text == printed(text)
    assert [w.code for w in doc.warnings if w.code == "unclassified-marker"] == []
    (node,) = [n for n in doc.walk() if n.tasks]
    assert ("★" in node.text) == ("★" in item)  # the node keeps what the task leaves out


def test_decoration_between_two_tags_joins_them_and_words_stay():
    (task,) = tasks_of("（一）加强行政保护。（保护司负责）★（商标局参与）")
    assert task.text == "加强行政保护。"
    assert [d.name for d in task.departments] == ["保护司", "商标局"]
    (task,) = tasks_of("（二）推进★工程建设，打造【示范】基地。（保护司负责）")
    assert task.text == printed("推进★工程建设,打造【示范】基地。")
