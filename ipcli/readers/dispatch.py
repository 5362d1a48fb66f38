"""Choose a reader by a file's content (its extension only breaks ties).

``read(b"%PDF-1.7…", "notice.txt")`` reads a PDF whatever the name says;
``read("<p>一、总体要求</p>".encode(), "n.html")`` → ``Reading(text="一、总体要求",
encoding="utf-8", format="html")``. Plain text is decoded (``text.decode``: BOM,
UTF-8, GB18030, Big5); HTML, recognised by its extension or its content, goes
through ``html.read_html``; DOCX, PDF and XLSX through their readers.

Formats ipcli cannot read get one clear error naming the format and saying how
to convert it: ``.doc``/``.wps``/``.xls``/``.et`` (OLE2), ``.ofd``, images
(``OCR it first``), ZIP archives, PowerPoint. A file named as one of these
formats or as DOCX/PDF/XLSX whose content is neither that format nor text
(damaged, cut short by a download) is said to be no valid file of that kind.
"""
from __future__ import annotations

from ..errors import InputError
from ..text.decode import decode, has_visible_text
from .html import looks_like_html, read_html
from .reading import Reading

BINARY_FORMATS = ("docx", "pdf", "xlsx")
_CONVERT = "convert it, e.g. soffice --headless --convert-to {to} {file}"
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
           (b"GIF89a", "GIF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLD_OFFICE = {".doc": ("a Word 97-2003 document (.doc)", "docx"),
               ".wps": ("a WPS Writer document (.wps)", "docx"),
               ".xls": ("an Excel 97-2003 workbook (.xls)", "xlsx"),
               ".et": ("a WPS Spreadsheets workbook (.et)", "xlsx"),
               ".dps": ("a WPS Presentation (.dps)", "pdf"),
               ".ppt": ("a PowerPoint 97-2003 presentation (.ppt)", "pdf")}
_PROGRAMS = {"docx": "Word or WPS", "xlsx": "Excel or WPS", "pdf": "PowerPoint or WPS"}
_NAMED = {".docx": ("Word document (.docx)", "Word or WPS", "docx"),
          ".pdf": ("PDF file", "a PDF reader", "pdf"),
          ".xlsx": ("Excel workbook (.xlsx)", "Excel or WPS", "xlsx"),
          **{suffix: (what.split(" ", 1)[1], _PROGRAMS[to], to) for suffix, (what, to) in
             _OLD_OFFICE.items()}}


def sniff(data: bytes, name: str) -> str:
    """The format of ``data``: docx, pdf, xlsx or text (HTML is told apart later).

    Raises ``InputError`` for formats that cannot be read, naming them.
    """
    if data[:1024].lstrip(b"\t\n\r ").startswith(b"%PDF-") or (
            b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    if data.startswith(_OLE):
        what, to = _OLD_OFFICE.get(_suffix(name), ("an old Office or WPS document (OLE2)", "docx"))
        raise InputError(f"{name} is {what}, which ipcli cannot read",
                         _CONVERT.format(to=to, file=name))
    for magic, kind in _IMAGES:
        if data.startswith(magic) and (kind != "BMP" or len(data) > 26 and data[14:15] in
                                       (b"\x0c", b"\x28", b"\x38", b"\x40", b"\x6c", b"\x7c")):
            raise InputError(f"{name} is an image ({kind}), not text",
                             "OCR it first (e.g. tesseract FILE out -l chi_sim), then parse the text")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise InputError(f"{name} is an image (WebP), not text",
                         "OCR it first (e.g. tesseract FILE out -l chi_sim), then parse the text")
    return "text"


def _zip_format(data: bytes, name: str) -> str:
    import zipfile
    from io import BytesIO
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{name} looks like a ZIP archive or Office file but is damaged ({exc})",
                         "open and save it again, or give the original file") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        raise InputError(f"{name} is an OFD document (GB/T 33190), which ipcli cannot read",
                         "export it as PDF or DOCX with an OFD reader (e.g. 数科OFD阅读器), then parse that")
    if "ppt/presentation.xml" in names:
        raise InputError(f"{name} is a PowerPoint presentation, which ipcli cannot read",
                         _CONVERT.format(to="pdf", file=name))
    raise InputError(f"{name} is a ZIP archive, not a notice",
                     "unzip it and parse the notices inside")


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > max(name.rfind("/"), name.rfind("\\")) else ""


def read(data: bytes, name: str, *, path: str | None = None,
         encoding: str | None = None) -> Reading:
    """The readable text of a notice file; ``InputError`` for empty, binary or
    undecodable input and for formats ipcli cannot read."""
    if not data:
        raise InputError(f"{name} is empty", "give the text of a notice")
    fmt = sniff(data, name)
    try:
        if fmt in BINARY_FORMATS:
            reading = _binary_reader(fmt)(data, name)
        else:
            decoded = _decode(data, encoding, name, path)
            if _suffix(path or "") in (".html", ".htm") or looks_like_html(decoded.text):
                fmt = "html"
                reading = read_html(decoded.text, decoded.encoding)
            else:
                reading = Reading(decoded.text, decoded.encoding, "text")
    except (InputError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a reader's own failure: one line, never a traceback
        raise InputError(f"{name}: the {fmt.upper()} reader failed ({type(exc).__name__}: {exc})",
                         "please report this file; meanwhile save it as plain text "
                         "and parse that (--debug shows where it failed)") from exc
    if not has_visible_text(reading.text):
        raise InputError(f"{name} contains no visible text (only spaces, line breaks or "
                         "invisible characters)", "give the text of a notice")
    return reading


def _decode(data: bytes, encoding: str | None, name: str, path: str | None):
    """Decoded text; a file named ``.docx`` (or another binary format) that is not
    text either is no valid file of that kind, whatever the decoder says."""
    try:
        return decode(data, encoding, name)
    except InputError as exc:
        named = _NAMED.get(_suffix(path or name))
        if named is None or encoding:
            raise
        what, program, to = named
        raise InputError(f"{name} is not a valid {what}, nor text: "
                         + exc.message.replace(name, "it"),
                         f"it may be damaged or cut short: open it in {program} and save it again "
                         f"as .{to}, or download it again") from None


def _binary_reader(fmt: str):
    if fmt == "docx":
        from .docx import read_docx
        return read_docx
    if fmt == "xlsx":
        from .xlsx import read_xlsx
        return read_xlsx
    from .pdf import read_pdf
    return read_pdf
