"""HTML → numbered lines with lxml (libxml2's HTML5 tokenizer), tables as grids.

``read_html("<p>一、总体要求</p>\\n<p>(一)指导思想</p>")`` → lines 1 and 2,
``"一、总体要求"`` and ``"(一)指导思想"``: every element a browser shows as a
block (``<p>``, ``<div>``, ``<li>``, ``<h1>``…, ``<center>``, ``<fieldset>``,
``<details>``…, and ``<br>``) ends a line, and each line is numbered by the source
line where its text starts, so ``lines`` in the parse output point into the HTML
file. A source line holding several blocks (a minified page) numbers
the later ones on (line 7, 8, 9…) so that each block keeps a line of its own.

How the line numbers are known: lxml's parser is fed the page one source line
at a time with a *target* that receives start, end and text events as they are
parsed; a text event's line is the line being fed, less the newlines the text
itself contains. (lxml's ``sourceline`` would stop at 65,535.)

``<meta name="PubDate">`` and ``<meta name="ContentSource">`` (as government
sites' publishing systems write them) are kept in ``Reading.metadata``: the
posting date and source when the text does not print them.

``<script>``, ``<style>``, ``<template>`` and comments are not text; ``<nav>``
is furniture (listed in ``dropped`` as site-navigation). A ``<table>`` with at
least two rows and two columns and no table inside becomes a grid (rowspan and
colspan resolved); a layout table (one column, a nested table, a cell holding a
whole article) is read as ordinary lines. Marked sections (``<![foo[ x ]]>``)
and runs of ``<!--`` parse in linear time.

Spaces: ``&nbsp;``, ``&ensp;``, ``&emsp;``, ``&#12288;`` (U+3000) and any run of
them with ordinary spaces, tabs and newlines become one ASCII space inside a
line, and nothing at its ends (``<p>&emsp;&emsp;正文</p>`` → ``正文``).

Superscripts and subscripts are written so that they never join their base:
``10<sup>3</sup>`` → ``10^3``, ``m<sup>2</sup>`` → ``m^2``, ``H<sub>2</sub>O`` →
``H_2O``, ``PM<sub>2.5</sub>`` → ``PM_2.5``. Anything but one run of ASCII letters
or digits (or a decimal number) is bracketed: ``10<sup>-3</sup>`` → ``10^(-3)``,
``x<sup>n+1</sup>`` → ``x^(n+1)``; so is a bare one that the next character would
continue (``10<sup>3</sup>5`` → ``10^(3)5``). ASCII ``^`` and ``_`` pass the
normaliser unchanged; Unicode ``³`` and ``₂`` are not used: they exist for digits
and a few signs only, and NFKC folding (a search engine, another tool) turns
``10³`` back into ``103``. A mark that is not ASCII letters, digits and signs is
kept as printed, since it delimits itself: footnote marks ``<sup>[1]</sup>``,
``<sup>(2)</sup>``, ``<sup>①</sup>``, ``<sup>*</sup>``, ``<sup>注</sup>``, ``<sup>®</sup>``;
so is one longer than 80 characters (no exponent or index is).

Ordered lists: a ``<li>`` of an ``<ol>`` starts with the number a browser shows
and a space, ``1. 推进…`` (``start``, ``reversed``, ``<li value>``; ``type`` 1, a,
A, i, I and the inline ``list-style-type`` decimal, lower/upper-alpha/latin,
lower/upper-roman, cjk-ideographic ``一、``), so that the parser sees the item
numbers a reader sees. An ``<ol>`` inside another numbered ``<ol>`` is numbered
``(1)``, ``(2)``… (the parser's sub-items; ``(a)``, ``(i)`` for other types). An
item whose text starts with its own numbering (``一、``, ``(一)``, ``1.``, ``2、``,
``(3)``, ``④``, ``[5]``, ``第六条``, ``a.``) is not numbered twice. Not numbered:
``<ul>`` items (the parser has no bullet for them), lists with an inline
``list-style: none``, breadcrumb lists (``class="breadcrumb"``, schema.org
``BreadcrumbList``), lists in site navigation, and menus: lists whose items'
text is all link text (``<ol class="menu"><li><a>首页</a></li>…``, numbered or not
by a style sheet the reader does not see). Pages with an ``<ol>`` are parsed
twice: a first pass counts the items of each list and looks for menus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .reading import Reading, ReadingBuilder, clean_cell, require, resolve_spans

_BLOCKS = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer
form h1 h2 h3 h4 h5 h6 header hr li main ol p pre section title ul caption option optgroup
center details summary dialog fieldset legend hgroup menu dir listing xmp plaintext search""".split())
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object"})
_CONTROL = dict.fromkeys([*range(0, 9), 11, *range(14, 32), 127])
_LONG_CELL = 800  # a cell with more text than this is page layout, not data
# <meta name=…> that government sites' publishing systems write (TRS: PubDate,
# ContentSource; www.gov.cn: firstpublishedtime): fallbacks for what the text lacks
_META_FIELDS = {"pubdate": "published", "publishdate": "published",
                "firstpublishedtime": "published", "contentsource": "origin"}
_MANY_BLOCKS = 8
_SCRIPTS = {"sup": "^", "sub": "_"}
_SCRIPT_PIECES, _SCRIPT_CHARS = 16, 80  # a longer <sup>/<sub> is kept as printed
_LISTS = frozenset({"ol", "ul", "menu", "dir"})  # <menu>, <dir>: unordered


@dataclass
class _Cell:
    rowspan: int
    colspan: int
    items: list = field(default_factory=list)  # ("line", at, text) | ("table", _Table)
    text: list[str] = field(default_factory=list)
    at: int | None = None


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    nested: bool = False
    caption: list[tuple[int | None, str]] = field(default_factory=list)
    in_caption: bool = False


class _Target:
    """lxml parser target: turns events into lines, grids and furniture."""

    def __init__(self) -> None:
        self.line_no = 1  # the source line being fed
        self.out = ReadingBuilder()
        self.skip = 0
        self.nav: list[list] = []  # open navigation elements: [tag, depth]
        self.pre = 0
        self.tables: list[_Table] = []
        self.cell: list[_Cell | None] = []  # innermost open cell per open table
        self.buffer: list[str] = []
        self.buffer_at: int | None = None
        self.scripts: list[tuple[str, int, int]] = []  # open <sup>/<sub>: (tag, line, start)
        self.lines_started = 0  # flushes so far: a script opened on an earlier line starts at 0
        self.bare_script: tuple[int, str, str] | None = None  # (index, sign, body) just closed
        self.lists: list[_List] = []  # open <ol>/<ul>, innermost last
        self.item_label: str | None = None  # the number of a <li> whose text is to come
        self.surveys: list[_Survey] = []  # every <ol> of the page, in document order
        self.ordered = 0  # <ol> elements opened so far

    # -- events ---------------------------------------------------------------------
    def start(self, tag, attrib):
        tag = _name(tag)
        if tag == "meta":
            field = _META_FIELDS.get((attrib.get("name") or "").strip().lower())
            content = (attrib.get("content") or "").strip()
            if field and content:
                self.out.metadata.setdefault(field, content)
        if tag in _SKIP:
            self.skip += 1
        elif tag == "table" or (tag in ("tr", "td", "th", "caption") and self.tables):
            self.flush()
            self._table_part(tag, attrib)
        else:
            if self.nav and self.nav[-1][0] == tag:
                self.nav[-1][1] += 1
            elif tag == "nav" or attrib.get("role") == "navigation":
                self.flush()
                self.nav.append([tag, 1])
            if tag == "pre":
                self.pre += 1
            if tag in _BLOCKS:
                self.flush()
            if tag in _LISTS:
                self._open_list(tag, attrib)
            elif tag == "li":
                self._open_item(attrib)
            elif tag in _SCRIPTS:
                self.scripts.append((tag, self.lines_started, len(self.buffer)))
                self.bare_script = None

    def _table_part(self, tag: str, attrib) -> None:
        if tag == "table":
            if self.tables and self.cell[-1] is not None:
                self.tables[-1].nested = True
            self.tables.append(_Table())
            self.cell.append(None)
            return
        table = self.tables[-1]
        if tag == "caption":
            table.in_caption = True
        elif tag == "tr":
            table.rows.append([])
            self.cell[-1] = None
        else:  # td, th
            if not table.rows:
                table.rows.append([])
            cell = _Cell(_span(attrib.get("rowspan")), _span(attrib.get("colspan")))
            table.rows[-1].append(cell)
            self.cell[-1] = cell

    def end(self, tag):
        tag = _name(tag)
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.tables:
            self.flush()
            self._close_table()
        elif tag in ("td", "th", "caption") and self.tables:
            self.flush()
            self.cell[-1] = None
            self.tables[-1].in_caption = False
        elif tag == "tr" and self.tables:
            self.flush()
        else:
            if tag in _BLOCKS or (self.nav and self.nav[-1][0] == tag):
                self.flush()
            if self.nav and self.nav[-1][0] == tag:
                self.nav[-1][1] -= 1
                if not self.nav[-1][1]:
                    self.nav.pop()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            if tag in _LISTS or tag == "li":
                self.item_label = None
                if tag != "li" and self.lists:
                    self.lists.pop()
            elif tag in _SCRIPTS and self.scripts and self.scripts[-1][0] == tag:
                _, line, start = self.scripts.pop()
                self._close_script(tag, start if line == self.lines_started else 0)

    def data(self, text):
        if self.skip or not text:
            return
        start = self.line_no - text.count("\n")
        if self.pre:
            for k, piece in enumerate(text.split("\n")):
                if k:
                    self.flush()
                self._add(piece, start + k)
        else:
            self._add(text, start)

    def comment(self, text):  # comments and marked sections are not text
        pass

    def close(self):
        self.flush()
        while self.tables:
            self._close_table()
        return self.out

    # -- lines ------------------------------------------------------------------------
    def _add(self, text: str, at: int) -> None:
        if self.bare_script is not None:
            self._after_script(text)
        if self.buffer_at is None and text.strip():
            offset = len(text) - len(text.lstrip())
            self.buffer_at = at + text.count("\n", 0, offset)
        self.buffer.append(text)

    def flush(self) -> None:
        text = clean_cell("".join(self.buffer))
        at, self.buffer, self.buffer_at = self.buffer_at, [], None
        self.lines_started += 1
        self.bare_script = None
        if not text:
            return
        if self.item_label is not None:
            if not _OWN_NUMBER.match(text):
                text = f"{self.item_label} {text}"
            self.item_label = None
        cell = self.cell[-1] if self.cell else None
        if cell is not None:
            cell.items.append(("line", at, text, bool(self.nav)))
            cell.text.append(text)
            cell.at = cell.at or at
        elif self.tables and self.tables[-1].in_caption:
            self.tables[-1].caption.append((at, text))
        elif self.tables:  # text in a table but outside any cell: keep it in order
            self.tables[-1].rows.append([_Cell(1, 1, [("line", at, text, bool(self.nav))],
                                               [text], at)])
        elif self.nav:
            self.out.furniture(text, "site-navigation", at)
        else:
            self.out.line(text, at)

    # -- ordered lists ------------------------------------------------------------------
    def _open_list(self, tag: str, attrib) -> None:
        depth = self.lists[-1].depth if self.lists else 0  # numbered lists around this one
        if tag != "ol":
            self.lists.append(_List(None, depth=depth))
            return
        self.ordered += 1
        survey = self.surveys[self.ordered - 1] if self.ordered <= len(self.surveys) else _Survey()
        style = _list_style(attrib.get("style", ""), _TYPES.get(attrib.get("type", "1"), "decimal"))
        if style is None or self.nav or survey.menu or _is_breadcrumb(attrib):
            self.lists.append(_List(None, depth=depth))
            return
        step = -1 if "reversed" in attrib else 1
        start = _html_int(attrib.get("start"))
        if start is None:  # a reversed list counts down from its number of items
            start = max(survey.items, 1) if step < 0 else 1
        self.lists.append(_List(style, start, step, depth + 1))

    def _open_item(self, attrib) -> None:
        """Number a ``<li>`` of a numbered list; an outer item that showed no text yet
        keeps its number in front (``<ol><li><ol><li>甲`` → ``1. (1) 甲``)."""
        if not self.lists or self.lists[-1].style is None or self.nav:
            return
        owner = self.lists[-1]
        value = _html_int(attrib.get("value"))
        number = owner.next if value is None else value
        owner.next = number + owner.step
        style = _TYPES.get(attrib.get("type", ""), owner.style)
        label = _item_label(number, style, owner.depth)
        self.item_label = f"{self.item_label} {label}" if self.item_label else label

    # -- superscripts and subscripts --------------------------------------------------
    def _close_script(self, tag: str, start: int) -> None:
        self.bare_script = None
        pieces = self.buffer[start:start + _SCRIPT_PIECES + 1]
        if len(pieces) > _SCRIPT_PIECES or sum(map(len, pieces)) > _SCRIPT_CHARS:
            return  # too long for an exponent or an index: kept as printed
        body = clean_cell("".join(pieces))
        if not body or _FOOTNOTE.fullmatch(body) or not _SCRIPT_BODY.fullmatch(body):
            return  # a footnote mark, a symbol, CJK: kept as printed
        sign = _SCRIPTS[tag]
        bare = _BARE_SCRIPT.fullmatch(body) is not None
        self.buffer[start:] = [sign + (body if bare or _grouped(body) else f"({body})")]
        self.bare_script = (start, sign, body) if bare else None

    def _after_script(self, text: str) -> None:
        """Bracket a bare script that the text after it would continue (``10^(3)5``)."""
        index, sign, body = self.bare_script
        self.bare_script = None
        nxt = text[:1]
        if nxt and ((nxt.isascii() and nxt.isdigit() and body[-1].isdigit())
                    or (nxt.isascii() and nxt.isalpha() and body[-1].isalpha())):
            self.buffer[index] = f"{sign}({body})"

    def _close_table(self) -> None:
        table = self.tables.pop()
        self.cell.pop()
        parent = self.cell[-1] if self.cell else None
        if parent is not None:  # a table inside a cell: keep it among the cell's items
            parent.items.append(("table", table))
            parent.text.append(" ".join(" ".join(" ".join(c.text) for c in row)
                                        for row in table.rows))
            return
        self._emit(table)

    def _emit(self, table: _Table) -> None:
        for at, text in table.caption:  # a caption is the line before its table
            self.out.line(text, at)
        if _is_grid(table):
            rows = [[(" ".join(c.text), c.rowspan, c.colspan) for c in row] for row in table.rows]
            grid, own = resolve_spans(rows)
            starts = [next((c.at for c in row if c.at), None) for row in table.rows]
            self.out.table(grid, own, starts, where="table")
            return
        for row in table.rows:
            for cell in row:
                for item in cell.items:
                    if item[0] == "table":
                        self._emit(item[1])
                    elif item[3]:
                        self.out.furniture(item[2], "site-navigation", item[1])
                    else:
                        self.out.line(item[2], item[1])


@dataclass
class _List:
    """An open ``<ol>``/``<ul>``; ``style`` None when its items are not numbered."""

    style: str | None
    next: int = 1
    step: int = 1
    depth: int = 0  # numbered lists open here: 1 in an outermost numbered list, 2 inside one…


_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman",
          "I": "upper-roman"}
_CSS_TYPES = {"decimal": "decimal", "lower-alpha": "lower-alpha", "lower-latin": "lower-alpha",
              "upper-alpha": "upper-alpha", "upper-latin": "upper-alpha",
              "lower-roman": "lower-roman", "upper-roman": "upper-roman",
              "cjk-ideographic": "cjk", "none": None}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([^;]*)", re.IGNORECASE)
_HTML_INT = re.compile(r"\s*([+-]?)(\d+)")
_CN_DIGITS = "零一二三四五六七八九"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
# An item's own numbering (the text as the page prints it, before normalising).
_CN_NUM = "[一二三四五六七八九十百零〇两]"
_OWN_NUMBER = re.compile(
    rf"第(?:{_CN_NUM}{{1,6}}|\d{{1,3}})[编章节条款]"
    rf"|{_CN_NUM}{{1,6}}\s*[、.．]"
    rf"|[(（](?:{_CN_NUM}{{1,6}}|\d{{1,3}}|[A-Za-z])[)）]"
    r"|\[\d{1,3}\]|【\d{1,3}】"
    r"|\d{1,3}\s*[.、．。)）](?![\d.．])"
    r"|[\u2460-\u2473\u2776-\u277f\u2780-\u2793]"
    r"|(?:[A-Za-z]|[ivxlcIVXLC]{1,6})[.)．、](?![A-Za-z\d.])")
# What a superscript or subscript may hold to be written with ^ or _ …
_SCRIPT_BODY = re.compile(r"(?=.*[A-Za-z\d])[A-Za-z\d+\-\u2212=.,/*'() ]+")
_FOOTNOTE = re.compile(r"[\[(（【〔]\s*\d{1,3}\s*[\])）】〕]")  # … unless a footnote mark
# … and, bare, without brackets
_BARE_SCRIPT = re.compile(r"[A-Za-z\d]+|\d+\.\d+")


def _grouped(body: str) -> bool:
    """``(n+1)`` is one bracketed group (``(a)+(b)`` is not)."""
    depth = 0
    for k, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth <= 0:
            return k == len(body) - 1 and body[0] == "("
    return False


def _html_int(value) -> int | None:
    """HTML's rules for parsing integers: ``" 7abc"`` → 7, ``"x"`` → None (clamped)."""
    match = _HTML_INT.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    digits = match.group(2).lstrip("0") or "0"
    number = min(int(digits), 2**31 - 1) if len(digits) <= 10 else 2**31 - 1
    return -number if match.group(1) == "-" else number


def _list_style(style: str, default: str) -> str | None:
    """The numbering style an inline ``list-style[-type]`` gives, else ``default``."""
    found = _LIST_STYLE.search(style) if style else None
    if found is None:
        return default
    words = found.group(1).lower().split()
    known = [w for w in words if w in _CSS_TYPES and w != "none"]
    if known:
        return _CSS_TYPES[known[0]]
    return None if "none" in words else default


def _is_breadcrumb(attrib) -> bool:
    return ("breadcrumb" in attrib.get("class", "").lower()
            or "breadcrumblist" in attrib.get("itemtype", "").lower())


def _item_label(number: int, style: str, depth: int) -> str:
    """``1.``, ``b.``, ``IV.``, ``一、`` in an outermost list; ``(1)``, ``(b)`` … inside one."""
    if style == "lower-alpha" or style == "upper-alpha":
        text = _alpha(number) if number > 0 else str(number)
        text = text.upper() if style == "upper-alpha" else text
    elif style in ("lower-roman", "upper-roman") and 0 < number < 4000:
        text = _roman(number)
        text = text.upper() if style == "upper-roman" else text
    elif style == "cjk" and 0 <= number < 100:
        text = _chinese(number)
        return f"({text})" if depth > 1 else f"{text}、"
    else:
        text = str(number)
    return f"({text})" if depth > 1 else f"{text}."


def _alpha(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _chinese(number: int) -> str:
    """0–99 as 一、十、十一、二十一 (as ``cjk-ideographic`` numbers them)."""
    tens, units = divmod(number, 10)
    if not tens:
        return _CN_DIGITS[units]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[units] if units else "")


def _is_grid(table: _Table) -> bool:
    rows = [row for row in table.rows if any(c.text for c in row)]
    if len(rows) < 2 or table.nested or max(sum(c.colspan for c in r) for r in rows) < 2:
        return False
    cells = [c for row in rows for c in row]
    if sum(1 for c in cells if c.text) < 3:
        return False
    return not any(len(c.items) > _MANY_BLOCKS or sum(map(len, c.text)) > _LONG_CELL
                   or any(i[0] == "table" for i in c.items) for c in cells)


def _name(tag) -> str:
    return tag.lower() if isinstance(tag, str) else ""


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


@dataclass
class _Survey:
    """What is known of an ``<ol>`` before reading it: its items, and whether their
    text is all link text (a menu)."""

    items: int = 0
    in_links: bool = False
    outside_links: bool = False

    @property
    def menu(self) -> bool:
        return self.in_links and not self.outside_links


class _ListSurveyor:
    """lxml parser target surveying every ``<ol>`` of a page, in document order."""

    def __init__(self) -> None:
        self.line_no = 1
        self.found: list[_Survey] = []
        self.open: list[_Survey | None] = []  # per open list: its survey, None for <ul>
        self.items: list[int] = []  # per open list: its open items
        self.links = 0  # open <a> elements
        self.skip = 0

    def start(self, tag, attrib):
        tag = _name(tag)
        if tag in _SKIP:
            self.skip += 1
        elif tag in _LISTS:
            survey = _Survey() if tag == "ol" else None
            if survey is not None:
                self.found.append(survey)
            self.open.append(survey)
            self.items.append(0)
        elif tag == "li" and self.open:
            self.items[-1] += 1
            if self.open[-1] is not None:
                self.open[-1].items += 1
        elif tag == "a":
            self.links += 1

    def end(self, tag):
        tag = _name(tag)
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _LISTS and self.open:
            self.open.pop()
            self.items.pop()
        elif tag == "li" and self.open:
            self.items[-1] = max(0, self.items[-1] - 1)
        elif tag == "a":
            self.links = max(0, self.links - 1)

    def data(self, text):
        survey = self.open[-1] if self.open and self.items[-1] else None
        if survey is None or self.skip or not text.strip():
            return
        if self.links:
            survey.in_links = True
        else:
            survey.outside_links = True

    def comment(self, text):
        pass

    def close(self):
        return self.found


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_OL_TAG = re.compile(r"<ol\b", re.IGNORECASE)


def _parse(etree, text: str, target):
    """Feed ``text`` to lxml one source line at a time; what ``target.close()`` gives."""
    parser = etree.HTMLParser(target=target, encoding="utf-8", recover=True, no_network=True,
                              huge_tree=True)
    for number, line in enumerate(text.split("\n"), start=1):
        target.line_no = number
        parser.feed((line + "\n").encode("utf-8"))
    try:
        return parser.close()
    except etree.XMLSyntaxError:  # nothing parseable at all: an empty page
        return target.close()


def read_html(text: str, encoding: str | None = None) -> Reading:
    """The lines, grids and furniture of an HTML page (already decoded)."""
    etree = require("lxml.etree", "lxml", "HTML")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
    text = _XML_DECL.sub(lambda m: "\n" * m.group().count("\n"), text, count=1)
    target = _Target()
    if _OL_TAG.search(text):
        target.surveys = _parse(etree, text, _ListSurveyor())
    builder = _parse(etree, text, target)
    return builder.build("html", encoding)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block per line (blank lines left out)."""
    return "\n".join(line for line in read_html(html).text.split("\n") if line)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
