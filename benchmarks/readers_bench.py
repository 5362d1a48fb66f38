"""Readers: PDF pages per second and DOCX files per second, against the library's own
plain-text extraction.

    python benchmarks/readers_bench.py [--quick]

Input: the committed fixtures (tests/fixtures/readers/): guideline.pdf (9 pages)
and fengong.pdf (1 page, a ruled table); guideline.docx and fengong.docx (a
table with merged cells). ipcli: ``parse_bytes`` — read (paragraphs re-joined,
furniture, tables, numbering) and parse (tree, tasks). Baselines, same run, same
files: pdfplumber's ``page.extract_text()`` for every page; python-docx's
paragraph texts (``"\\n".join(p.text for p in Document(f).paragraphs)``). For
reference, pypdfium2's ``get_text_range()`` when it is installed (it is not an
ipcli dependency).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, Figure, Stats, print_table, timed  # noqa: E402

from ipcli.parse.parser import parse_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "readers"


def _files(suffix: str) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob(f"*.{suffix}"))
            if p.name != "scanned.pdf"]


def _rate(stats: Stats, amount: float) -> Stats:
    return Stats(amount / stats.median, amount / stats.high, amount / stats.low)


def _pdf_pages(files) -> int:
    import pdfplumber
    total = 0
    for _, data in files:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            total += len(pdf.pages)
    return total


def _pdfplumber_text(files) -> None:
    import pdfplumber
    for _, data in files:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()


def _pdfium_text(files) -> None:
    import pypdfium2
    for _, data in files:
        document = pypdfium2.PdfDocument(data)
        for index in range(len(document)):
            document[index].get_textpage().get_text_range()
        document.close()


def _docx_text(files) -> None:
    import docx
    for _, data in files:
        "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _parse_all(files) -> None:
    for name, data in files:
        parse_bytes(data, name, path=name)


def run_benchmark(quick: bool) -> list[Figure]:
    runs = 2 if quick else 5
    pdfs, docxs = _files("pdf"), _files("docx")
    pages = _pdf_pages(pdfs)
    ours = timed(lambda: _parse_all(pdfs), runs)
    plumber = timed(lambda: _pdfplumber_text(pdfs), runs)
    figures = [Figure("PDF: read + parse, pages per second", _rate(ours, pages), "pages/s",
                      _rate(plumber, pages), "pdfplumber extract_text()", higher_is_better=True,
                      note=f"{pages} pages, {len(pdfs)} files (CJK text, a ruled table)")]
    try:
        pdfium = timed(lambda: _pdfium_text(pdfs), runs)
        figures.append(Figure("PDF: pypdfium2 plain text (reference)", _rate(pdfium, pages),
                              "pages/s", _rate(plumber, pages), "pdfplumber extract_text()",
                              higher_is_better=True, note="not an ipcli dependency"))
    except ImportError:
        pass
    repeat = 5 if quick else 20
    ours = timed(lambda: [_parse_all(docxs) for _ in range(repeat)], runs)
    theirs = timed(lambda: [_docx_text(docxs) for _ in range(repeat)], runs)
    count = repeat * len(docxs)
    figures.append(Figure("DOCX: read + parse, files per second", _rate(ours, count), "files/s",
                          _rate(theirs, count), "python-docx paragraph text",
                          higher_is_better=True,
                          note=f"{len(docxs)} files × {repeat} (numbering, merged cells)"))
    return figures


if __name__ == "__main__":
    print_table(run_benchmark("--quick" in sys.argv))
