"""The pages in a real browser: headless Chromium renders report.html and diff.html.

Each page is screenshotted (not blank), logs nothing to the console (Chromium
prints every console message, errors included, as a ``CONSOLE`` line), and its
rendered DOM (after the script ran) holds the expected heatmap cells and
comparison rows. ``pytest tests/test_report_browser.py --screenshots`` also saves
the screenshots as ``docs/report.png`` and ``docs/diff.png`` for the README.
Skips, saying why, when Chromium (Debian's ``chromium``) or Pillow is missing;
``.ci/run`` installs Chromium.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ROOT, SEEDS
from lxml import html as lxml_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0"]


def _usable() -> str | None:
    """Why the browser cannot be used here, or None."""
    if not CHROMIUM:
        return "chromium is not installed (apt-get install chromium; .ci/run does it)"
    try:
        probe = subprocess.run([CHROMIUM, "--version"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"chromium does not start: {exc}"
    return None if probe.returncode == 0 else f"chromium --version failed: {probe.stderr[-200:]!r}"


pytestmark = [pytest.mark.slow, pytest.mark.skipif(_usable() is not None, reason=str(_usable()))]


def chromium(tmp_path, page, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args,
                           page.as_uri()], capture_output=True, text=True, timeout=180)


def console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def rendered(tmp_path, page):
    """The DOM after the page's script ran, and the console messages."""
    result = chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    return lxml_html.fromstring(result.stdout), console(result.stderr)


def screenshot(tmp_path, page, name: str, request, height: int = 1500):
    image = pytest.importorskip("PIL.Image", reason="Pillow is needed to look at the screenshot")
    png = tmp_path / f"{name}.png"
    result = chromium(tmp_path, page, f"--screenshot={png}", f"--window-size=1280,{height}")
    assert result.returncode == 0 and png.exists(), result.stderr[-2000:]
    assert not console(result.stderr)
    picture = image.open(png).convert("RGB")
    small = picture.resize((128, 150))
    data = small.tobytes()
    pixels = [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]
    # not the white page: text, rules and heat cells (a machine without a Chinese font
    # draws the characters as thin boxes, so "inked" is any clearly non-white pixel)
    inked = sum(1 for p in pixels if sum(p) < 700) / len(pixels)
    assert inked > 0.03 and len(set(pixels)) > 20, f"{name}: the page looks blank"
    if request.config.getoption("--screenshots"):
        shutil.copy(png, ROOT / "docs" / f"{name}.png")


def test_report_in_the_browser(run_cli, tmp_path, request):
    page = tmp_path / "report.html"
    assert run_cli("--corpus", SEEDS, "report", "-o", page).code == 0
    matrix = json.loads(run_cli("--corpus", SEEDS, "depts", "-f", "json").out)
    documents = json.loads(run_cli("--corpus", SEEDS, "list", "-f", "json").out)
    dom, messages = rendered(tmp_path, page)
    assert messages == []
    cells = dom.xpath("//table[contains(@class, 'heat')]//td[contains(@class, 'heat')]")
    assert len(cells) == min(len(matrix), 40) * len(documents)
    assert dom.xpath("//svg[contains(@class, 'spark')]"), "keyword sparklines rendered"
    screenshot(tmp_path, page, "report", request)


def test_diff_page_in_the_browser(run_cli, tmp_path, request):
    page = tmp_path / "diff.html"
    assert run_cli("--corpus", SEEDS, "report", "--diff", "2020", "2022", "-o", page).code == 0
    report = json.loads(run_cli("--corpus", SEEDS, "diff", "2020", "2022", "-f", "json").out)
    dom, messages = rendered(tmp_path, page)
    assert messages == []
    rows = dom.xpath("//table[contains(@class, 'compare')]//tr[contains(@class, 'row')]")
    expected = (report["summary"]["unchanged"] + report["summary"]["changed"]
                + sum(len(g["units"]) for g in report["added"] + report["removed"]))
    assert len(rows) == expected > 0
    screenshot(tmp_path, page, "diff", request)


def test_the_pagination_script_runs(tmp_path):
    """A table longer than a page gets its pager (the DOM shows the script ran)."""
    from ipcli.report.page import render
    docs = [{"id": f"n{i:03d}", "anchor": None, "title": "知识产权工作要点", "doc_number": None,
             "issuer": None, "date": None, "sections": 1, "subsections": 0, "items": 0,
             "tasks": 0, "warnings": 0} for i in range(60)]
    page = tmp_path / "p.html"
    page.write_text(render("report.html.j2", title="分页", selection="全部", page_size=25,
                           summary={"documents": 60, "tasks": 0, "departments": 0, "dated": 0},
                           documents=docs, heat={"rows": []}, timeline="",
                           trends={"years": [], "rising": [], "falling": []}, outlines=[],
                           outlines_hidden=0), encoding="utf-8")
    dom, messages = rendered(tmp_path, page)
    assert messages == []
    assert "第 1 / 3 页" in dom.xpath("//div[@class='pager']")[0].text_content()
    assert len(dom.xpath("//table[@data-page-size]/tbody/tr[@hidden]")) == 35


def test_console_errors_are_seen(tmp_path):
    """The console check is real: a page whose script fails is caught."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><p>知识产权</p>"
                    "<script>undefinedFunction();</script></body></html>", encoding="utf-8")
    _, messages = rendered(tmp_path, page)
    assert messages and "undefinedFunction" in messages[0]
