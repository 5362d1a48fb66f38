"""Human views (issue 21, points 2, 3 and 7): tables speak the user's language, fit
80 columns without silently losing columns, and keep a web posting date apart from
the document's own date.

Every table is checked in both renderings: Rich (a terminal; forced here by making
``plain.wanted`` say no) and plain text (a pipe, or a big table).
"""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.cli import plain

# Two pages in the style of government sites: a provincial notice under a metadata
# block with both dates (Simplified, full-width punctuation), and a city notice with
# only a posting date (Traditional, ASCII punctuation).
SIGNED = """\
索引号：11330000/2023-00045  发布机构：某某省知识产权局  文号：某知发〔2023〕5号  成文日期：2023-05-17  发布日期：2023-05-20
某某省知识产权局关于印发《某某省知识产权保护工作要点》的通知
某知发〔2023〕5号
各市知识产权局：
现将《某某省知识产权保护工作要点》印发给你们，请认真贯彻落实。
某某省知识产权局
2023年5月17日
某某省知识产权保护工作要点
一、健全保护体系
（一）完善快速协同保护机制。（省局保护处牵头，省市场监管局参与）
（二）加强维权援助。（省局公共服务处负责）
"""
POSTED = """\
發布日期: 2024-03-08  來源: 某某市知識產權局
某某市知識產權局關於開展2024年知識產權宣傳周活動的通知
各區知識產權局:
一、活動主題
(一)嚴格保護,激勵創新。(市局宣傳處負責)
二、活動安排
(一)發布年度保護白皮書。(市局保護處負責)
"""


@pytest.fixture
def dated(tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "signed.txt").write_text(SIGNED, encoding="utf-8")
    (folder / "posted.txt").write_bytes(POSTED.encode("big5"))
    return folder


@pytest.fixture(params=["plain", "rich"])
def view(request, monkeypatch):
    """Run a table command in one rendering at a given width."""
    if request.param == "rich":
        monkeypatch.setattr(plain, "wanted", lambda rows: False)

    def run(run_cli, width: int, *args):
        monkeypatch.setenv("COLUMNS", str(width))
        return run_cli(*args)
    run.kind = request.param
    return run


def width(line: str) -> int:
    return plain.width_of(line)


def columns(out: str) -> dict[str, tuple[int, int]]:
    """Header name → (start, end) display columns in the header line."""
    header = out.splitlines()[0]
    return {m.group(): (width(header[:m.start()]), width(header[:m.end()]))
            for m in re.finditer(r"\S+(?: number)?", header)}


def at(line: str, start: int, end: int | None = None) -> str:
    """The characters of ``line`` between display columns ``start`` and ``end``."""
    out, used = [], 0
    for char in line:
        if used >= start and (end is None or used < end):
            out.append(char)
        used += width(char)
    return "".join(out)


# --- point 7: date and published --------------------------------------------------------
def test_list_data_keeps_the_signed_date_and_the_posting_date_apart(run_cli, dated):
    rows = {r["id"]: r for r in json.loads(run_cli("--corpus", dated, "list", "-f", "json").out)}
    assert (rows["signed"]["date"], rows["signed"]["published"]) == ("2023-05-17", "2023-05-20")
    assert (rows["posted"]["date"], rows["posted"]["published"]) == (None, "2024-03-08")
    assert rows["posted"]["year"] == 2024  # the year may still come from the posting date
    text = run_cli("--corpus", dated, "list", "-f", "csv").out.lstrip("\ufeff")
    listed = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (listed["posted"]["date"], listed["posted"]["published"]) == ("", "2024-03-08")
    assert (listed["signed"]["date"], listed["signed"]["published"]) == \
        ("2023-05-17", "2023-05-20")


def test_list_table_shows_a_posting_date_only_under_published(run_cli, dated, view):
    out = view(run_cli, 200, "--corpus", dated, "list").out
    spans = columns(out)
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    date, published = spans["date"], spans["published"]
    assert at(lines["posted"], date[0], published[0]).strip() == ""
    assert at(lines["posted"], published[0], published[0] + 10) == "2024-03-08"
    assert at(lines["signed"], date[0], date[0] + 10) == "2023-05-17"
    assert at(lines["signed"], published[0], published[0] + 10) == "2023-05-20"


def test_narrow_list_keeps_both_dates_in_their_columns(run_cli, dated, view):
    result = view(run_cli, 80, "--corpus", dated, "list")
    out = result.out
    spans = columns(out)
    assert "date" in spans and "published" in spans, out
    posted = next(line for line in out.splitlines() if line.startswith("posted"))
    assert at(posted, spans["date"][0], spans["published"][0]).strip() == ""
    assert at(posted, spans["published"][0]).strip().startswith("2024-03-08")
    assert result.err == ""


# --- point 3: list at 80 and 200 columns ------------------------------------------------
def _seed_rows(run_cli):
    return json.loads(run_cli("--corpus", SEEDS, "list", "-f", "json").out)


def test_list_at_80_columns_keeps_every_column(run_cli, view):
    rows = _seed_rows(run_cli)
    result = view(run_cli, 80, "--corpus", SEEDS, "list")
    out = result.out
    assert result.code == 0 and result.err == ""
    assert all(width(line) <= 80 for line in out.splitlines()), out
    header = out.splitlines()[0].replace("/", " ").split()
    for name in ("date", "published", "文号", "scr", "sec", "sub", "itm", "tsk", "wrn"):
        assert name in header, (name, header)
    for row in rows:  # every date and 文号 is printed (in full), the title at least begun
        for value in (row["date"], row["doc_number"], row["title"][:5]):
            assert value is None or value in out, value
        line = next(line for line in out.splitlines() if line.startswith(row["id"]))
        counts = [str(row[k]) for k in ("sections", "subsections", "items", "tasks",
                                        "warnings")]
        assert line.split()[-5:] == counts
        assert line.split()[-6] == {"traditional": "繁", "simplified": "简"}[row["script"]]


def test_list_at_200_columns_is_one_line_per_document_with_whole_titles(run_cli, view):
    rows = _seed_rows(run_cli)
    out = view(run_cli, 200, "--corpus", SEEDS, "list").out
    lines = out.splitlines()
    assert len(lines) == 1 + len(rows)
    assert lines[0].split()[:4] == ["id", "year", "date", "published"]
    for row, line in zip(rows, lines[1:], strict=True):
        assert line.startswith(row["id"] + " ") and row["title"] in line
        assert width(line) <= 200


def test_list_too_narrow_names_the_columns_left_out_on_stderr(run_cli, view):
    result = view(run_cli, 60, "--corpus", SEEDS, "list")
    assert result.code == 0
    assert all(width(line) <= 60 for line in result.out.splitlines()), result.out
    notes = result.err.strip().splitlines()
    assert len(notes) == 1 and "-f csv" in notes[0] and "60 columns" in notes[0]
    left_out = notes[0].split(": ", 1)[1].split(" left out")[0].split(", ")
    header = result.out.splitlines()[0].split()
    assert left_out and not set(left_out) & set(header)


# --- point 2: no None / True / False in any table or CSV cell ----------------------------
TABLE_COMMANDS = [
    ["list"], ["extract"], ["extract", "--dept", "国家知识产权局"],
    ["extract", "--dept", "国家知识产权局", "--long"], ["extract", "--dept", "保护司", "--mentions"],
    ["extract", "--unknown-only"], ["depts"], ["depts", "--unknown"], ["search", "维权援助"],
    ["search", "知识产权", "--limit", "0"], ["show", "cnipa-2020-hq-guideline"],
    ["show", "cnipa-2020-hq-guideline", "3.3"], ["check"], ["cache", "info"]]
CSV_COMMANDS = [c for c in TABLE_COMMANDS if c[0] in ("list", "extract", "depts")]
WORDS = re.compile(r"(?<![A-Za-z])(None|True|False)(?![A-Za-z])")


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=" ".join)
def test_no_none_true_or_false_in_tables(run_cli, dated, args, view):
    for corpus in (SEEDS, dated):
        if args[0] == "show" and corpus == dated:
            continue
        for columns_ in (80, 200):
            result = view(run_cli, columns_, "--corpus", corpus, *args)
            assert result.code in (0, 1), result
            assert not WORDS.search(result.out), (args, corpus, WORDS.findall(result.out))


@pytest.mark.parametrize("args", CSV_COMMANDS, ids=" ".join)
def test_no_none_true_or_false_in_csv_cells(run_cli, dated, args):
    for corpus in (SEEDS, dated):
        result = run_cli("--corpus", corpus, *args, "-f", "csv")
        assert result.code in (0, 1), result
        cells = [c for row in csv.reader(io.StringIO(result.out.lstrip("\ufeff"))) for c in row]
        assert cells or result.code == 1
        assert not {"None", "True", "False", "null", "true", "false"} & set(cells), args


def test_csv_and_table_cells_write_booleans_as_yes_no_and_nothing_as_empty():
    from ipcli.cli.views import cell
    from ipcli.formats import dumps_csv, dumps_csv_rows
    row = {"known": True, "flag": False, "due": None, "names": ["商标局", None], "n": 0}
    text = dumps_csv([row], list(row)).lstrip("\ufeff")
    assert text.splitlines()[1] == "yes,no,,商标局; ,0"
    assert dumps_csv_rows(["a", "b"], [[True, None]]).lstrip("\ufeff").splitlines()[1] == "yes,"
    assert [cell(v) for v in (True, False, None, 0, ["商标局", "保护司"])] == \
        ["yes", "no", "", "0", "商标局、保护司"]


# --- point 2: roles in Chinese, documents by title and 文号 --------------------------------
def test_roles_are_chinese_in_tables_and_english_in_data(run_cli, view):
    # depts (by hand from the 十四五 plan excerpt): 国家知识产权局 leads 6 tasks, is responsible for 6
    result = view(run_cli, 200, "--corpus", SEEDS, "extract", "--dept", "国家知识产权局")
    roles = [w for line in result.out.splitlines() for w in line.split()
             if w in ("牵头", "负责", "参与", "lead", "responsible", "participant")]
    assert sorted(roles) == ["牵头"] * 6 + ["负责"] * 6, result.out
    data = json.loads(run_cli("--corpus", SEEDS, "extract", "--dept", "国家知识产权局",
                              "-f", "json").out)
    assert sorted(r["role"] for r in data) == ["lead"] * 6 + ["responsible"] * 6
    text = run_cli("--corpus", SEEDS, "extract", "--dept", "国家知识产权局", "-f", "csv").out
    assert sorted(r["role"] for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))) == \
        ["lead"] * 6 + ["responsible"] * 6


def test_the_ledger_shows_departments_by_role(run_cli, dated, view):
    out = view(run_cli, 200, "--corpus", dated, "extract", "signed").out
    assert "牵头 省局保护处；参与 省市场监管局" in out  # （省局保护处牵头，省市场监管局参与）
    assert "负责 省局公共服务处" in out
    assert not re.search(r"\btask\b", out)


def test_mentions_are_marked_and_their_documents_named(run_cli, view):
    out = view(run_cli, 200, "--corpus", SEEDS, "extract", "--dept", "保护司", "--mentions").out
    assert "提及" in out and "mention" not in out
    assert _beside(out, "cnipa-2020-rights-aid-opinion", "关于进一步加强知识产权维权援助工作的指导意见",
                   "国知发保字〔2020〕22号"), out


def test_depts_headers_are_chinese_roles(run_cli, view):
    out = view(run_cli, 200, "--corpus", SEEDS, "depts").out
    header = out.splitlines()[0].replace("┃", " ").split()
    assert header[1:5] == ["牵头", "负责", "参与", "合计"]
    data = json.loads(run_cli("--corpus", SEEDS, "depts", "-f", "json").out)
    assert {"lead", "responsible", "participant"} <= set(data[0])


GUIDELINE = ("cnipa-2020-hq-guideline", "推动知识产权高质量发展年度工作指引（2020）",
             "国知发运字〔2020〕13号")


def _beside(out: str, doc_id: str, *parts: str) -> bool:
    """Some line holds the id (or its #n, mapped on that line) with the parts after it."""
    return any(doc_id in line and all(p in line.split(doc_id, 1)[1] for p in parts)
               for line in out.splitlines())


@pytest.mark.parametrize("args", [["extract", "2020"], ["depts"], ["search", "高质量发展"],
                                  ["show", "cnipa-2020-hq-guideline"],
                                  ["show", "cnipa-2020-hq-guideline", "3.3"]], ids=" ".join)
def test_documents_are_shown_by_title_and_number_beside_their_id(run_cli, args, view):
    out = view(run_cli, 200, "--corpus", SEEDS, *args).out
    assert _beside(out, *GUIDELINE), out
    narrow = view(run_cli, 80, "--corpus", SEEDS, *args).out
    assert _beside(narrow, GUIDELINE[0], GUIDELINE[1][:8]), narrow


# --- point 3: depts, search and extract at 80 and 200 columns ---------------------------
def test_depts_at_80_columns_keeps_the_document_columns(run_cli, view):
    result = view(run_cli, 80, "--corpus", SEEDS, "depts")
    lines = result.out.splitlines()
    assert result.err == "" and all(width(line) <= 80 for line in lines), result.out
    header = lines[0].replace("┃", " ").split()
    assert header[5:] == ["#1", "#2", "#3", "#4", "#5"]
    data = json.loads(run_cli("--corpus", SEEDS, "depts", "-f", "json").out)
    top = data[0]  # 国家知识产权局: its 12 tasks all in the plan excerpt (#4)
    row = next(line for line in lines if line.startswith(top["department"]))
    cells = row.replace("│", " ").split()
    assert cells[-5:] == ["·", "·", "·", "12", "·"] and top["total"] == 12
    assert any(line.startswith("#4 sc-2021-fyp14-plan-excerpt") for line in lines)


def test_depts_names_the_document_columns_a_narrow_terminal_leaves_out(run_cli, tmp_path,
                                                                       view):
    source = (SEEDS / "sc-2021-fyp14-plan-excerpt.txt").read_text(encoding="utf-8")
    for n in range(1, 13):
        (tmp_path / f"plan-copy-{n:02}.txt").write_text(source, encoding="utf-8")
    result = view(run_cli, 80, "--corpus", tmp_path, "depts")
    lines = result.out.splitlines()
    assert all(width(line) <= 80 for line in lines), result.out
    shown = [h for h in lines[0].replace("┃", " ").split() if h.startswith("#")]
    assert 4 <= len(shown) < 12
    notes = result.err.strip().splitlines()
    assert len(notes) == 1 and "-f csv" in notes[0], result.err
    assert f"plan-copy-{len(shown) + 1:02}" in notes[0] and "plan-copy-01" not in notes[0]
    assert f"{12 - len(shown)} in all" in notes[0] or "plan-copy-12" in notes[0]
    wide = view(run_cli, 200, "--corpus", tmp_path, "depts")
    assert wide.err == "" and "#12" in wide.out.splitlines()[0]


def test_search_where_stops_above_the_hits_own_title(run_cli, view):
    hits = json.loads(run_cli("--corpus", SEEDS, "search", "社会共治", "-f", "json").out)["hits"]
    hit = next(h for h in hits if h["heading"].endswith(" > （十）" + h["title"]))
    out = view(run_cli, 200, "--corpus", SEEDS, "search", "社会共治").out
    line = next(line for line in out.splitlines() if f" {hit['node']} " in line)
    parent = hit["heading"].rsplit(" > ", 1)[0]
    spans = columns(out)
    where = at(line, spans["where"][0], spans["snippet"][0]).strip(" │")
    assert where == parent + " > （十）", line  # not （十）积极探索社会共治维权援助模式 again


@pytest.mark.parametrize("args", [["search", "维权援助"], ["extract", "2020"],
                                  ["extract", "--dept", "国家知识产权局"]], ids=" ".join)
def test_search_and_extract_fit_80_columns_and_give_the_text_the_room(run_cli, args, view):
    result = view(run_cli, 80, "--corpus", SEEDS, *args)
    lines = result.out.splitlines()
    assert all(width(line) <= 80 for line in lines), result.out
    header = lines[0] if view.kind == "plain" else next(line for line in lines if "text" in
                                                        line or "snippet" in line)
    last = "snippet" if args[0] == "search" else "text"
    assert width(header[:header.index(last)]) <= 52, header  # the text gets 28+ columns



@pytest.mark.parametrize("columns", [80, 200])
def test_diff_names_its_documents_by_title_and_number(run_cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run_cli("--corpus", SEEDS, "diff", "2020", "2022").out
    flat = " ".join(" ".join(out.splitlines()[:12]).split())  # wrapped at 80
    assert f"{GUIDELINE[0]} {GUIDELINE[1]} {GUIDELINE[2]}" in flat, out
    assert "cnipa-2022-work-points 国家知识产权局2022年工作要点" in flat
    assert all(width(line) <= columns for line in out.splitlines())


def test_a_narrow_search_keeps_the_match_in_view(run_cli, tmp_path, monkeypatch):
    """QA: at 80 columns the snippet was cut from its start and the match fell off."""
    (tmp_path / "a.txt").write_text(
        "一、重点任务\n（一）健全快速维权机制。建设知识产权保护中心和快速维权中心，完善知识产权"
        "纠纷多元化解机制，推进维权援助工作站建设。（保护司负责）\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    rows = [line for line in run_cli("--corpus", tmp_path, "search", "维权援助").out.splitlines()
            if re.match(r"\s*\d+\.\d+(e-\d+)?\s", line)]  # 4.38, or 2.3e-06 (a common term)
    assert rows and all("[[维权援助]]" in row and width(row) <= 80 for row in rows), rows
    assert plain.around_match("甲" * 30 + "[[乙]]丙", 20).startswith("…")
    assert plain.around_match("甲[[乙]]丙", 20) == "甲[[乙]]丙"


def test_a_wide_ledger_shows_the_departments_whole(run_cli, tmp_path, monkeypatch):
    """QA: at 200 columns 牵头 市市场监管局；负责 …；参与 市科技… was cut though the rows had room."""
    (tmp_path / "plan-2023.txt").write_text(
        "一、重点任务\n（一）加强商标品牌建设，培育一批知名品牌。（市市场监管局牵头，市商务局、"
        "市农业农村局负责，市科技局、市财政局参与）\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "200")
    out = run_cli("--corpus", tmp_path, "extract").out
    assert "牵头 市市场监管局；负责 市商务局、市农业农村局；参与 市科技局、市财政局" in out, out
    assert all(width(line) <= 200 for line in out.splitlines())


_CELLS = st.text(alphabet="ab 1知识产权，（）　ｱ", max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.lists(_CELLS, min_size=n, max_size=n), min_size=1, max_size=6),
    st.sets(st.integers(0, n - 1)), st.integers(1, 2))))
def test_one_line_rows_padded_by_column_equal_the_row_by_row_layout(table):
    """``grid_text`` pads tables of one-line cells a column at a time; the same rows in
    a grid that has a stacked cell (a list, laid out row by row) print the same."""
    from ipcli.cli.plain import width_of
    from ipcli.cli.views import Grid
    rows, right, gap = table
    headers = [f"h{i}" for i in range(len(rows[0]))]
    widths = [max(width_of(v) for v in column) for column in zip(headers, *rows)]
    plain_grid = Grid(headers, headers, [list(r) for r in rows], widths, tuple(right), gap)
    stacked = [list(r) for r in rows]
    stacked[-1][0] = [stacked[-1][0]]  # one line still, but a list: the row-by-row path
    stacked_grid = Grid(headers, headers, stacked, widths, tuple(right), gap)
    assert plain.grid_text(plain_grid) == plain.grid_text(stacked_grid)


_CELL_VALUES = st.one_of(st.none(), st.text(max_size=6), st.integers(-5, 10**6), st.booleans(),
                         st.lists(st.text(max_size=3), max_size=3))
_SCRIPTS = st.one_of(st.none(), st.text(max_size=4),
                     st.sampled_from(["simplified", "traditional", "mixed"]))


@given(st.lists(st.fixed_dictionaries({}, optional={"script": _SCRIPTS, "year": _CELL_VALUES,
                                                    "title": _CELL_VALUES}), max_size=8),
       st.sampled_from(["script", "year", "title"]), st.booleans())
def test_a_column_made_at_once_equals_its_cells_made_one_by_one(rows, key, short):
    """``ipcli list`` makes a column of text or numbers in one pass: the same cells as
    ``_value`` gives one at a time (empty for None, 简 for simplified…)."""
    from ipcli.cli.views import _column, _value
    assert _column(key, rows, short) == [_value(key, r, short) for r in rows]


@given(st.lists(st.text(st.sampled_from("知识产权a1 ，（）ＡＢ한글𠀀\u3000-…"), max_size=8), max_size=8))
def test_a_column_measured_at_once_equals_each_cell_measured(cells):
    """An all-ASCII column is measured by length, any other cell by cell."""
    assert plain.widths_of(cells) == [plain.width_of(c) for c in cells]
    assert plain.widths_of(iter(cells)) == [plain.width_of(c) for c in cells]


def _cut_one_by_one(text: str, width: int) -> str:
    """The reference: characters taken while they fit in ``width - 1`` columns."""
    if plain.width_of(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = plain.width_of(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


@settings(max_examples=400)
@given(st.text(st.sampled_from("知识产权a1 ，（）ＡＢ한글𠀀\u3000-…"), max_size=60), st.integers(-2, 70))
def test_cutting_half_at_once_equals_cutting_one_character_at_a_time(text, width):
    assert plain.cut(text, width) == _cut_one_by_one(text, width)


# --- plain tables laid out a column at a time, against the cell-by-cell definition ---------
def _table_by_cells(headers, rows, width=None, shrink=(), right=()):
    """The layout as first written: every cell measured, cut and padded on its own."""
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [max([plain.width_of(h)] + [plain.width_of(r[i]) for r in cells])
              for i, h in enumerate(headers)]
    if width is not None and shrink:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        for i in shrink:
            if excess <= 0:
                break
            give = min(excess, max(0, widths[i] - max(8, plain.width_of(headers[i]))))
            widths[i] -= give
            excess -= give
    lines = []
    for row in [headers, *cells]:
        parts = []
        for i, value in enumerate(row):
            value = plain.cut(value, widths[i]) if i in shrink else value
            pad = " " * (widths[i] - plain.width_of(value))
            parts.append(pad + value if i in right else value + pad)
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


_CELL = st.one_of(st.none(), st.integers(-5, 500), st.text(alphabet="ab知识产权\n 、（）…", max_size=40))


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.text(alphabet="ab部门", max_size=6), min_size=n, max_size=n),
    st.lists(st.lists(_CELL, min_size=n, max_size=n), max_size=8),
    st.one_of(st.none(), st.integers(0, 80)),
    st.lists(st.integers(0, n - 1), unique=True).map(tuple),
    st.lists(st.integers(0, n - 1), unique=True).map(tuple))))
def test_plain_tables_equal_the_cell_by_cell_layout(args):
    headers, rows, width, shrink, right = args
    assert plain.plain_table(headers, rows, width, shrink, right) == _table_by_cells(
        headers, rows, width, shrink, right)


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_width_counts_each_wide_character_twice(text):
    assert plain.width_of(text) == len(text) + len(plain._WIDE.findall(text))
