"""Charts as plain inline SVG: a deadline timeline and keyword sparklines.

``timeline_svg(total, {"知识产权保护司": Counter({"2023-12": 4})})`` → an ``<svg>``
with one strip of bars per department (tasks due per month) under a strip for all
tasks; every bar has a ``<title>`` tooltip (``知识产权保护司 2023-12：4 项``).
``sparkline_svg([1.5, 0.0, 3.2], ["2020", "2022", "2024"])`` → a small line chart.
The charts are a few rectangles and lines, so they are written directly: no
charting library, no script, nothing fetched (see the README's Design notes).
"""
from __future__ import annotations

from collections import Counter
from html import escape

from .workbook import display_width

ROW, BAR, PAD, CHAR = 28, 20, 8, 7.0  # row height, tallest bar, padding, px per column
MAX_MONTHS = 96  # a longer span is drawn by year


def timeline_axis(total: Counter) -> list[str]:
    """Every month from the first to the last one with a due task (``2023-01`` …), or
    every year when that spans more than ``MAX_MONTHS`` months."""
    months = sorted(m for m in total if m)
    if not months:
        return []
    (y0, m0), (y1, m1) = (_ym(months[0]), _ym(months[-1]))
    span = (y1 - y0) * 12 + m1 - m0 + 1
    if span > MAX_MONTHS:
        return [str(y) for y in range(y0, y1 + 1)]
    return [f"{y0 + (m0 - 1 + i) // 12}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(span)]


def _ym(month: str) -> tuple[int, int]:
    year, _, mm = month.partition("-")
    return int(year), int(mm or 1)


def _bucket(counts: Counter, axis: list[str]) -> list[int]:
    if axis and len(axis[0]) == 4:  # by year
        by_year: Counter = Counter()
        for month, n in counts.items():
            by_year[month[:4]] += n
        return [by_year[y] for y in axis]
    return [counts[m] for m in axis]


def timeline_svg(total: Counter, per_department: dict[str, Counter], limit: int = 15) -> str:
    """Strips of bars: all tasks, then the ``limit`` departments with most dated tasks."""
    axis = timeline_axis(total)
    if not axis:
        return ""
    busiest = sorted(per_department, key=lambda d: (-sum(per_department[d].values()), d))[:limit]
    rows = [("全部任务", _bucket(total, axis))] + [(d, _bucket(per_department[d], axis))
                                                 for d in busiest]
    label_w = max(display_width(name) for name, _ in rows) * CHAR + 2 * PAD
    step = max(6.0, min(24.0, 720 / len(axis)))
    width, height = label_w + step * len(axis) + 60, ROW * len(rows) + 30
    peak = max((n for _, counts in rows[1:] for n in counts), default=0) or 1
    parts = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'width="{width:.0f}" height="{height}" viewBox="0 0 {width:.0f} {height}">',
             '<title>完成时限分布：每月到期的任务数</title>']
    for i, (name, counts) in enumerate(rows):
        scale = (max(counts) or 1) if i == 0 else peak
        parts.append(_strip(i, name, counts, axis, label_w, step, scale))
    parts.append(_axis_labels(axis, label_w, step, ROW * len(rows) + 18))
    parts.append("</svg>")
    return "".join(parts)


def _strip(i: int, name: str, counts: list[int], axis: list[str], left: float, step: float,
           scale: int) -> str:
    base = ROW * (i + 1)
    out = [f'<g class="strip{" total" if i == 0 else ""}">',
           f'<text class="label" x="{left - PAD:.0f}" y="{base - 8}" text-anchor="end">'
           f'{escape(name)}</text>',
           f'<line class="base" x1="{left:.0f}" x2="{left + step * len(axis):.0f}" '
           f'y1="{base}" y2="{base}"/>']
    for j, n in enumerate(counts):
        if n:
            h = max(2.0, BAR * n / scale)
            out.append(f'<rect class="bar" x="{left + j * step + 1:.1f}" y="{base - h:.1f}" '
                       f'width="{step - 2:.1f}" height="{h:.1f}"><title>{escape(name)} '
                       f'{axis[j]}：{n} 项</title></rect>')
    out.append(f'<text class="sum" x="{left + step * len(axis) + 6:.0f}" y="{base - 8}">'
               f'{sum(counts)}</text></g>')
    return "".join(out)


def _axis_labels(axis: list[str], left: float, step: float, y: int) -> str:
    """A year label under each January (every column when drawn by year)."""
    out = ['<g class="axis">']
    first_january = next((j for j, key in enumerate(axis) if key.endswith("-01")), len(axis))
    for j, key in enumerate(axis):
        if len(key) == 4 or key.endswith("-01") or (j == 0 and first_january * step >= 36):
            out.append(f'<text x="{left + j * step:.0f}" y="{y}">{key[:4]}</text>')
    out.append("</g>")
    return "".join(out)


def sparkline_svg(values: list[float], labels: list[str], term: str) -> str:
    """A 132 × 32 line through ``values`` (one per label), a dot per value with its
    tooltip, the last value marked."""
    width, height, pad = 132, 32, 4
    top = max(values, default=0) or 1
    n = len(values)
    xs = [pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    ys = [height - pad - (height - 2 * pad) * v / top for v in values]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2"><title>{escape(term)} '
                   f'{escape(label)}：每万词 {v:.1f}</title></circle>'
                   for x, y, v, label in zip(xs, ys, values, labels))
    return (f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">'
            f'<title>{escape(term)}</title><polyline points="{points}"/>{dots}</svg>')
