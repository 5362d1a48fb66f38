"""The two HTML pages, rendered with Jinja2 from package templates.

``report_page(library, entries, ["2020", "2022"])`` → the overview of the selection
(documents, department heatmap, deadlines, keyword trends, outlines) as one
self-contained HTML string; ``diff_page(docs_2020, docs_2022, compare(...))`` → the
新旧对照 page. CSS, SVG and the small script are inline: the file opens offline and
can be mailed. Text is escaped by Jinja's autoescape (a ``<`` in a notice stays text).
"""
from __future__ import annotations

import datetime
import functools
from typing import Any, Callable

from .. import __version__
from ..analyses.ledger import matrix
from . import overview
from .charts import sparkline_svg, timeline_svg
from .diffpage import comparison_rows, department_tasks
from .outline import outline
from .overview import Limits
from .sheets import ROLE_LABELS
from .trends import trends

PAGE_SIZE = 25  # rows of the documents table per page (with the script)
PAIRED_BY = {"series": "同一系列", "only": "各余一份", "content": "内容相近"}


@functools.lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined
    env = Environment(loader=PackageLoader("ipcli.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["heading"] = heading
    return env


KIND_NAMES = {"paragraph": "（段落）", "front": "（文首）", "back": "（文尾）", "table": "（表格）",
              "row": "（表格行）", "bullet": "（——）", "part": "（附件）"}


def heading(path: str) -> str:
    """A heading path for people: untitled nodes by their kind in Chinese
    (``paragraph`` → ``（段落）``)."""
    return " > ".join(KIND_NAMES.get(part, part) for part in path.split(" > "))


def render(template: str, **data: Any) -> str:
    return _environment().get_template(template).render(
        version=__version__, roles=ROLE_LABELS,
        generated=datetime.date.today().isoformat(), **data)


def _markup(svg: str):
    from markupsafe import Markup
    return Markup(svg)  # built from escaped parts (charts.py)


def report_page(library, entries: list, selectors=(), limits: Limits | None = None,
                progress: Callable | None = None, title: str = "政策文件分析报告") -> str:
    """The overview page of the selected documents."""
    limits = limits or Limits()
    rows = matrix(library, entries)
    docs = overview.documents(library, entries)
    total, per_department = overview.deadlines(library, entries)
    with_outline = entries[:limits.outlines]
    anchors = {e.id: f"doc-{i + 1}" for i, e in enumerate(with_outline)}
    for doc in docs:
        doc["anchor"] = anchors.get(doc["id"])
    found = trends(library, entries, limits, progress)
    for side in ("rising", "falling"):
        for term in found[side]:
            term["spark"] = _markup(sparkline_svg(term["rates"], found["years"], term["term"]))
    years = found["years"]
    half = len(years) // 2
    found["early"] = _span(years[:half])
    found["late"] = _span(years[half:])
    return render("report.html.j2", title=title, selection=" ".join(selectors) or "全部",
                  summary=_summary(docs, rows, total), documents=docs, page_size=PAGE_SIZE,
                  heat=overview.heatmap(rows, entries, limits), trends=found,
                  timeline=_markup(timeline_svg(total, per_department,
                                                limits.timeline_departments)),
                  outlines=_outlines(library, with_outline, anchors, progress),
                  outlines_hidden=len(entries) - len(with_outline))


def _span(years: list[str]) -> str:
    if not years:
        return ""
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _summary(docs: list[dict], rows: list[dict], total) -> dict[str, int]:
    return {"documents": len(docs), "tasks": sum(d["tasks"] for d in docs),
            "departments": len(rows), "dated": sum(total.values())}


def _outlines(library, entries: list, anchors: dict[str, str],
              progress: Callable | None) -> list[dict]:
    docs = library.documents(entries)
    if progress is not None:
        docs = progress(docs, "outlines", len(entries))
    return [{**outline(doc), "anchor": anchors[doc.id]} for doc in docs]


def diff_page(a_docs: list, b_docs: list, report: dict, title: str = "新旧对照") -> str:
    """The 新旧对照 page of a ``compare`` report over these documents."""
    titles = {d.id: d.meta.title or d.id for d in a_docs + b_docs}
    return render("diff.html.j2", title=title, report=report, s=report["summary"],
                  groups=comparison_rows(a_docs, b_docs, report),
                  departments=department_tasks(a_docs, b_docs, report),
                  titles=titles, pair_labels=PAIRED_BY)
