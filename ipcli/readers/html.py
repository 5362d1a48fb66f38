"""HTML → plain text with the standard library, one block element per line.

``html_to_text("<p>一、总体要求</p><p>(一)指导思想</p>")`` → ``"一、总体要求\\n(一)指导思想"``.
Scripts, styles and comments are left out; entities are decoded; ``<br>`` and
block elements end lines, so numbering markers stay at line starts. Line numbers
in the parse output then refer to this text, not to the HTML source.
"""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer
form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead
title tr ul""".split())
_SKIP = frozenset({"script", "style", "noscript", "template", "svg"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block per line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (line.strip() for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
