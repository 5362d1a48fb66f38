"""``ipcli report``: one self-contained HTML page of the selected documents."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import SEEDS
from lxml import html as lxml_html
from test_report_fixtures import write_corpus

from ipcli.cli.session import Session
from ipcli.report.charts import timeline_axis
from ipcli.report.overview import Limits
from ipcli.report.page import report_page
from ipcli.report.trends import trends


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "notices")


@pytest.fixture
def session(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    return Session(str(corpus))


def _page(run_cli, tmp_path, *args) -> tuple[str, object]:
    out = tmp_path / "report.html"
    result = run_cli(*args, "report", "-o", out)
    assert result.code == 0 and result.out == "", result
    text = out.read_text(encoding="utf-8")
    return text, lxml_html.fromstring(text)


def test_the_page_is_self_contained(run_cli, corpus, tmp_path):
    text, tree = _page(run_cli, tmp_path, "--corpus", corpus)
    assert tree.xpath("//meta/@charset") == ["utf-8"] and tree.get("lang") == "zh-CN"
    assert not tree.xpath("//link | //iframe | //img | //object | //embed")
    assert not tree.xpath("//script[@src] | //*[@src]")
    assert all(href.startswith("#") for href in tree.xpath("//@href"))
    assert not re.search(r"url\(|@import", text)
    # only the SVG namespace names a URL, and nothing is fetched from it
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) <= {"http://www.w3.org/2000/svg"}
    shown = tree.xpath("//body")[0].text_content()
    assert not re.search(r"\b(None|True|False|nan)\b", shown)
    style = tree.xpath("//style")[0].text
    for font in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert font in style


def test_documents_table_with_issuer_and_links_to_outlines(run_cli, corpus, tmp_path):
    docs = json.loads(run_cli("--corpus", corpus, "list", "-f", "json").out)
    _, tree = _page(run_cli, tmp_path, "--corpus", corpus)
    rows = tree.xpath("//table[contains(@class, 'docs')]/tbody/tr")
    assert len(rows) == len(docs) == 2
    cells = [[c.text_content() for c in row.xpath("td")] for row in rows]
    assert cells[0][:5] == ["hz-2023-work-points", "2023年知识产权保护工作要点", "杭知发〔2023〕5号",
                            "杭州市知识产权局", "2023-03-01"]
    assert cells[1][2] == "杭知发〔2024〕3号"  # Traditional printed as Simplified
    for anchor in tree.xpath("//table[contains(@class, 'docs')]//a/@href"):
        assert tree.xpath(f"//details[@id='{anchor[1:]}']")


def test_heatmap_cells_and_role_split(run_cli, corpus, tmp_path):
    matrix = json.loads(run_cli("--corpus", corpus, "depts", "-f", "json").out)
    _, tree = _page(run_cli, tmp_path, "--corpus", corpus)
    rows = tree.xpath("//table[contains(@class, 'heat')]/tbody/tr")
    assert [r.xpath("th")[0].text_content() for r in rows] == [m["department"] for m in matrix]
    cells = tree.xpath("//td[contains(@class, 'heat')]")
    assert len(cells) == len(matrix) * 2
    # 市商务局: lead in 2023 (市商务局牵头), participant in 2024 (市商務局配合)
    trade = next(r for r in rows if r.xpath("th")[0].text_content() == "市商务局")
    titles = [c.get("title") for c in trade.xpath("td[contains(@class, 'heat')]")]
    assert titles == ["市商务局 × hz-2023-work-points：牵头 1 · 负责 0 · 参与 0",
                      "市商务局 × hz-2024-work-points：牵头 0 · 负责 0 · 参与 1"]


def test_heatmap_by_year_and_bounded_for_large_selections(session):
    entries = session.entries([])
    page = report_page(session.library, entries, limits=Limits(heat_documents=1,
                                                               heat_departments=3))
    tree = lxml_html.fromstring(page)
    assert [th.text_content() for th in tree.xpath("//table[contains(@class,'heat')]//th[@class='col']")] \
        == ["2023", "2024"]
    assert len(tree.xpath("//td[contains(@class, 'heat')]")) == 3 * 2
    assert "按年份汇总" in page and "另有" in page


def test_deadline_timeline_counts_every_dated_task(run_cli, corpus, tmp_path):
    tasks = json.loads(run_cli("--corpus", corpus, "extract", "-f", "json").out)
    due = Counter(t["due"][:7] for t in tasks if t["due"])
    _, tree = _page(run_cli, tmp_path, "--corpus", corpus)
    strip = tree.xpath("//svg[contains(@class, 'timeline')]/g[contains(@class, 'total')]")[0]
    bars = {re.search(r"(\d{4}-\d{2})：(\d+) 项", t).groups() for t in strip.xpath(".//rect/title/text()")}
    assert {m: int(n) for m, n in bars} == dict(due)
    assert sum(due.values()) == 6
    assert timeline_axis(Counter({"2023-06": 1, "2025-05": 1}))[:2] == ["2023-06", "2023-07"]
    assert len(timeline_axis(Counter({"2023-06": 1, "2025-05": 1}))) == 24
    assert timeline_axis(Counter({"2015-12": 1, "2027-12": 1})) == [str(y) for y in range(2015, 2028)]


def test_keyword_trends_rise_and_fall(tmp_path, monkeypatch):
    """数据知识产权 only in the later years rises; 复工复产 only in the earlier falls."""
    folder = tmp_path / "trend"
    folder.mkdir()
    early = "一、重点任务\n（一）推进复工复产。支持企业复工复产，做好复工复产服务。（保护司负责）\n"
    late = "一、重点任务\n（一）培育数据知识产权。开展数据知识产权登记，完善数据知识产权规则。（保护司负责）\n"
    for year, body in ((2020, early), (2021, early), (2023, late), (2024, late)):
        (folder / f"notice-{year}.txt").write_text(
            f"{year}年知识产权工作要点\n{body}国家知识产权局\n{year}年3月1日\n", encoding="utf-8")
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    session = Session(str(folder))
    found = trends(session.library, session.entries([]), Limits())
    assert found["years"] == ["2020", "2021", "2023", "2024"]
    rising = {t["term"]: t for t in found["rising"]}
    falling = {t["term"]: t for t in found["falling"]}
    assert "数据知识产权" in rising and "复工复产" in falling
    assert rising["数据知识产权"]["a"] == 0 and rising["数据知识产权"]["b"] == 6
    rates = rising["数据知识产权"]["rates"]
    assert rates[:2] == [0, 0] and rates[2] > 0 and rates[3] > 0
    page = report_page(session.library, session.entries([]))
    assert page.count('class="spark"') == len(found["rising"]) + len(found["falling"])


def test_trends_need_two_years(run_cli, tmp_path):
    text, _ = _page(run_cli, tmp_path, "--corpus", SEEDS, "--no-cache")
    assert "关键词趋势" in text
    single = tmp_path / "single.html"
    assert run_cli("--corpus", SEEDS, "report", "2022", "-o", single).code == 0
    assert "需要至少两个年份" in single.read_text(encoding="utf-8")


def test_outlines_are_bounded_and_collapsible(session):
    entries = session.entries([])
    tree = lxml_html.fromstring(report_page(session.library, entries, limits=Limits(outlines=1)))
    outlines = tree.xpath("//details[contains(@class, 'doc')]")
    assert len(outlines) == 1 and outlines[0].get("id") == "doc-1"
    assert "其余 1 份" in tree.xpath("//section[@id='outlines']")[0].text_content()
    sections = outlines[0].xpath("./div/details[contains(@class, 'node')]/summary")
    assert [s.text_content().split()[0] for s in sections] == ["一、强化知识产权行政保护",
                                                               "二、促进知识产权转化运用"]
    tasks = outlines[0].xpath(".//ul[@class='tasks']/li")
    assert len(tasks) == 6
    assert "市市场监管局·负责" in tasks[0].text_content() and "2023-12-31" in tasks[0].text_content()


def test_text_from_notices_is_escaped(run_cli, corpus, tmp_path):
    text, tree = _page(run_cli, tmp_path, "--corpus", corpus)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert len(tree.xpath("//script")) == 1  # the page's own


def test_progress_is_reported_for_slow_steps(session):
    seen = []

    def progress(items, description, total):
        seen.append((description, total))
        yield from items

    report_page(session.library, session.entries([]), progress=progress)
    assert ("keyword trends", 2) in seen and ("outlines", 2) in seen


def test_report_command_errors(run_cli, corpus, tmp_path):
    both = run_cli("--corpus", corpus, "report", "2023", "--diff", "2023", "2024",
                   "-o", tmp_path / "x.html")
    assert both.code == 2 and "Hint:" in both.err
    missing = run_cli("--corpus", corpus, "report", "--diff", "2023", "1999", "-o", tmp_path / "y.html")
    assert missing.code == 2 and missing.err.startswith("Error:") and not (tmp_path / "y.html").exists()


def test_report_on_a_terminal_is_refused(tmp_path, corpus):
    import os

    from conftest import ROOT
    from test_cli_conventions import _in_pty
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path / "c")}
    shown = _in_pty(["--corpus", str(corpus), "report"], env).decode()
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and "-o FILE" in lines[0], shown
