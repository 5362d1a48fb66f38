"""Choose a reader for a file's bytes and return the notice's text.

``read("<p>一、总体要求</p>".encode(), "n.html")`` → ``Reading(text="一、总体要求",
encoding="utf-8", format="html")``. Plain text is
decoded (``text.decode``: BOM, UTF-8, GB18030, Big5); HTML, recognised by its
extension or its content, is reduced to its visible text.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..text.decode import decode, has_visible_text
from .html import html_to_text, looks_like_html


@dataclass(frozen=True)
class Reading:
    """What a reader made of a file: its text, the encoding and the format read."""

    text: str
    encoding: str | None
    format: str  # "text" | "html"


def read(data: bytes, name: str, *, path: str | None = None,
         encoding: str | None = None) -> Reading:
    """The text of a notice file; ``InputError`` for empty, binary or undecodable input."""
    if not data:
        raise InputError(f"{name} is empty", "give the text of a notice")
    decoded = decode(data, encoding, name)
    text, fmt = decoded.text, "text"
    if (path or "").lower().endswith((".html", ".htm")) or looks_like_html(text):
        text, fmt = html_to_text(text), "html"
    if not has_visible_text(text):
        raise InputError(f"{name} contains no visible text (only spaces, line breaks or "
                         "invisible characters)", "give the text of a notice")
    return Reading(text, decoded.encoding, fmt)
