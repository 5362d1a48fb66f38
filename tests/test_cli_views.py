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
