"""Turn decoded text into the clean Simplified lines the parser reads.

``normalize("（一）知識(shí)產權 保護\\n")`` → lines ``["(一)知識產權保護"]`` in the
original script, ``["(一)知识产权保护"]`` after conversion.

Written guarantees (each is checked by ``tests/test_normalize.py``):

1. **Lines are kept.** Line *i* of the output comes from exactly one original
   line; ``line_numbers[i]`` is its 1-based number (an ``array("l")``: 8 bytes
   a line instead of 36 for a list of ints). CRLF, CR and LF all end a
   line. Lines that are empty after normalising carry no text and are left out.
2. **One width.** Full-width ASCII forms (``（）：，；！？``, ``．``, digits,
   letters, U+FF01–U+FF5E) and small/half-width forms fold to ASCII, so ``（一）``
   and ``(一)`` are the same marker. Radical code points become the ideographs
   they stand for (``⼀、总体要求`` → ``一、总体要求``, ``⻓期`` → ``长期``; see
   ``radicals``). ``、。《》“”〔〕`` and ``——`` are kept.
3. **No invisible junk.** Zero-width characters, BOMs, soft hyphens and control
   characters are removed; NBSP, ideographic and other spaces and tabs become
   one ASCII space; space runs collapse to one; lines are stripped.
4. **PDF spacing closed up.** ``2024 年`` → ``2024年``; letter-spaced runs
   ``知 识 产 权`` → ``知识产权``; spaces between CJK text and punctuation go
   (``解读 。`` → ``解读。``, ``一、 总体`` → ``一、总体``, ``(一) 指导`` →
   ``(一)指导``; after the enclosed numbers ``① ⑴ ⒈ ㈠`` too: ``⑴ 完善`` →
   ``⑴完善``). A single space between two CJK words is kept: it can separate a
   heading from its running text (``(一)服务主体 知识产权…``).
5. **No ruby pinyin.** ``知識(shí)產(chǎn)權(quán)`` → ``知識產權``, also ``【zhī】`` and
   ``(shí )``: a bracketed pinyin syllable with a tone mark is removed wherever it
   is; in a text that has such ruby, toneless syllables right after a CJK
   character (``的(de)``) and orphaned ``fàn)`` residues whose opening bracket
   was eaten by mojibake go too. Real parentheticals stay: ``(TISC)``,
   ``(RCEP)``, ``(2020)``, ``(专利)``, ``(以下简称“保护中心”)``.
6. **Simplified.** Traditional characters become Simplified with OpenCC's t2s
   data (``script.to_simplified``); ``script`` records what the original was.
7. **No inserted noise.** A token a page inserts between characters to defeat
   copying (``各省@@、自治区@@、…``) is removed, with one ``inserted-noise``
   warning giving the token and the count; see ``noise``.
8. **Idempotent.** ``normalize(normalized text)`` changes nothing.

Encoding damage found on the way (``damage.find_damage``) is returned as
``encoding-damage`` warnings with the line and the suspicious snippet.
"""
from __future__ import annotations

import functools
import re
from array import array
from dataclasses import dataclass, field

from ..model import Diagnostic
from .damage import find_lost_characters, find_mojibake
from .noise import find_noise, remove_noise
from .query import normalize_query  # noqa: F401 (the same normalisation, for queries)
from .radicals import radical_table
from .script import SIMPLIFIED, detect_script, t2s_characters, to_simplified


def _fold_table() -> dict[int, int | str | None]:
    table: dict[int, int | str | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
    table.update({ord(k): v for k, v in {
        "｡": "。", "｢": "「", "｣": "」", "､": "、", "･": "·",
        "﹐": ",", "﹑": "、", "﹒": ".", "﹔": ";", "﹕": ":", "﹖": "?", "﹗": "!",
        "﹙": "(", "﹚": ")", "﹛": "{", "﹜": "}", "﹝": "〔", "﹞": "〕",
        "﹟": "#", "﹠": "&", "﹡": "*", "﹢": "+", "﹣": "-", "﹤": "<", "﹥": ">",
        "﹦": "=", "﹨": "\\", "﹩": "$", "﹪": "%", "﹫": "@",
    }.items()})
    for space in "\t\x0b\x0c\u00a0\u1680\u2028\u2029\u202f\u205f\u3000":
        table[ord(space)] = " "
    for c in range(0x2000, 0x200B):
        table[c] = " "
    junk = [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0),
            0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
    table.update({c: None for c in junk})
    table.update(radical_table())
    return table


_FOLD = _fold_table()
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONE_RE = re.compile(f"[{_TONES}]")
_RUBY_TONED = re.compile(
    rf"[(（【] *(?=[a-zü{_TONES}]*[{_TONES}])[a-zü{_TONES}]{{1,7}} *[)）】]")
# Both start with a character class (not a lookbehind), so the regex engine can
# skip ahead to candidates; the context is checked by the callbacks below.
_RUBY_TONELESS = re.compile(
    rf"[(（【](?<=[{_CJK}][(（【]) *[bcdfghjklmnpqrstwxyz]{{0,2}}[aeiouüv][a-z]{{0,4}} *[)）】]")
_RUBY_ORPHAN = re.compile(rf"[a-zü{_TONES}]{{1,7}} *[)）】]")  # "?fàn)": its "(" was eaten
_ORPHAN_BEFORE = re.compile(rf"[A-Za-zü{_TONES}(（【]")
_RUBY_TEXT_MIN = 3  # a text needs this many toned rubies before the looser rules apply
_NESTED_HINT = re.compile(rf"[(（【] *[a-zü{_TONES}]{{0,7}}[{_TONES}]")

_ENCLOSED = "\u2460-\u249b\u3220-\u3229"  # ①…⑳ ⑴…⒇ ⒈…⒛ ㈠…㈩: numbering (parse.rules)
_SPACE_RUNS = re.compile(r" {2,}")
_LINE_EDGE_SPACE = re.compile(r" ?\n ?")
# The space comes first so the regex engine can jump from space to space.
_CLOSE_UP = re.compile(
    " (?:"
    rf"(?<=\d )(?=[{_CJK}])"                               # 2024 年
    rf"|(?<=[^\x00-\x7f] )(?=[。,、;:!?)》”’〕】])"          # 解读 。
    rf"|(?<=[、。,;:!?()《“‘〔【] )(?=[{_CJK}《“(〔【])"       # 一、 总体, (一) 指导, ( 一)
    rf"|(?<=[{_ENCLOSED}] )(?=[{_CJK}《“(〔【])"                # ① 完善, ⑴ 完善, ⒈ 推进, ㈠ 指导
    rf"|(?<=\d[.] )(?=[{_CJK}])"                           # 1. 推进
    ")")
_LETTER_SPACED_HINT = re.compile(rf" [{_CJK}] [{_CJK}] ")
_LETTER_SPACED = re.compile(rf"(?:[{_CJK}] ){{3,}}[{_CJK}]")


@dataclass
class NormalizedText:
    """The normaliser's result: Simplified lines and where they came from."""

    lines: list[str]
    line_numbers: array  # of int, see guarantee 1
    script: str
    warnings: list[Diagnostic] = field(default_factory=list)
    original_lines: list[str] | None = None  # same lines, original script

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def strip_ruby(text: str, ruby_text: bool | None = None) -> str:
    """Remove pinyin ruby: ``知識(shí)產(chǎn)權(quán)`` → ``知識產權``.

    ``ruby_text`` says whether the looser rules apply (toneless syllables,
    orphans); by default, when ``text`` itself has enough toned ruby.
    """
    if not _TONE_RE.search(text):
        return text
    text, toned = _RUBY_TONED.subn("", text)
    if toned and _NESTED_HINT.search(text):  # a removal can expose another ruby:
        text, nested = _strip_nested(text)   # "(ā(zhī))" → "(ā)" → ""
        toned += nested
    if ruby_text or (ruby_text is None and toned >= _RUBY_TEXT_MIN):
        text = _RUBY_ORPHAN.sub(_orphan, _RUBY_TONELESS.sub("", text))
    return text


_OPENERS, _CLOSERS = frozenset("(（【"), frozenset(")）】")
_BRACKET_TOKENS = re.compile(r"[(（【)）】]|[^(（【)）】\n]+")
_SYLLABLE = re.compile(rf" *(?=[a-zü{_TONES}]*[{_TONES}])[a-zü{_TONES}]{{1,7}} *")


def _strip_nested(text: str) -> tuple[str, int]:
    """Remove toned ruby exposed by earlier removals, on the lines that still show one.

    The result is what repeating ``_RUBY_TONED.subn`` until nothing changes would
    give, in one pass per line (repeating was quadratic in the nesting depth).
    """
    pieces, removed, pos = [], 0, 0
    for hint in _NESTED_HINT.finditer(text):
        if hint.start() < pos:
            continue  # on a line already done
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.start())
        end = len(text) if end < 0 else end
        line, count = _strip_nested_line(text[start:end])
        pieces += [text[pos:start], line]
        removed, pos = removed + count, end
    pieces.append(text[pos:])
    return "".join(pieces), removed


def _strip_nested_line(line: str) -> tuple[str, int]:
    """A stack of open brackets: a closer whose content since the innermost opener
    is one toned syllable removes opener, content and closer (``(ā(zhī))`` → ``""``)."""
    out: list[str] = []
    opens: list[int] = []  # indices in ``out`` of openers that may still match
    removed = 0
    for token in _BRACKET_TOKENS.findall(line):
        if token in _OPENERS:
            opens.append(len(out))
        elif token in _CLOSERS:
            if opens and _SYLLABLE.fullmatch("".join(out[opens[-1] + 1:])):
                del out[opens.pop():]
                removed += 1
                continue
            opens.clear()  # no later closer can match across this one
        out.append(token)
    return "".join(out), removed


def _orphan(match: re.Match) -> str:
    """Drop a toned syllable + closing bracket that no opening bracket precedes."""
    start = match.start()
    before = match.string[start - 1] if start else ""
    if _TONE_RE.search(match.group()) and not (before and _ORPHAN_BEFORE.match(before)):
        return ""
    return match.group()


def _is_ruby_text(text: str) -> bool:
    return len(_RUBY_TONED.findall(text, 0, 200_000)) >= _RUBY_TEXT_MIN \
        if _TONE_RE.search(text) else False


@functools.lru_cache(maxsize=None)
def _fold_and_simplify_table() -> dict[int, int | str | None]:
    t2s = t2s_characters()
    table = {**_FOLD, **t2s}
    for code, ideograph in radical_table().items():  # ⾨ → 門 → 门 in one step
        table[code] = t2s.get(ord(ideograph), ideograph)
    return table


@functools.lru_cache(maxsize=None)
def _fold_and_simplify_bmp() -> tuple[list, dict]:
    """The same table as a list indexed by code point (translate runs twice as
    fast with it), and a small dict for the few entries above U+FFFF."""
    table = _fold_and_simplify_table()
    bmp: list = list(range(0x10000))
    for code, value in table.items():
        if code < 0x10000:
            bmp[code] = value
    return bmp, {c: v for c, v in table.items() if c >= 0x10000}


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _fold(text: str, simplify: bool) -> str:
    """Width folding and junk removal, with Traditional → Simplified if asked."""
    if not simplify:
        return text.translate(_FOLD)
    bmp, astral = _fold_and_simplify_bmp()
    folded = to_simplified(text, bmp)
    if astral and _ASTRAL.search(text):
        folded = folded.translate(astral)
    return folded


def _tidy_spaces(text: str) -> str:
    text = _SPACE_RUNS.sub(" ", text)
    text = _LINE_EDGE_SPACE.sub("\n", text).strip(" ")  # each line stripped, no list of lines
    if _LETTER_SPACED_HINT.search(text):
        text = _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text)
    return _CLOSE_UP.sub("", text)


_DAMAGE_MESSAGE = "text looks damaged by a bad re-encoding; check the original"


def _damage_warnings(raw: str, text: str, ruby_text: bool) -> list[Diagnostic]:
    """Lost characters found in the raw text, mojibake in the normalised text.

    ``raw`` and ``text`` have the same lines (normalising never joins or splits
    lines), so both give the same line numbers.
    """
    def clean(fragment: str) -> str:
        return _tidy_spaces(strip_ruby(_fold(fragment, simplify=True), ruby_text))

    found: list[tuple[int, int, str]] = []  # (line, offset within the line, snippet)
    for source, hits in ((raw, find_lost_characters(raw)), (text, find_mojibake(text))):
        line, pos = 1, 0
        for hit in hits:  # offsets ascend: count newlines incrementally
            line += source.count("\n", pos, hit.offset)
            pos = hit.offset
            column = hit.offset - source.rfind("\n", 0, hit.offset)
            if source is text:
                found.append((line, column, hit.snippet))
                continue
            start = max(source.rfind("\n", 0, hit.offset) + 1, hit.offset - 40)
            end = source.find("\n", hit.offset)
            end = min(end if end >= 0 else len(source), hit.end + 40)
            before, after = clean(source[start:hit.offset]), clean(source[hit.offset:end])
            found.append((line, column, before[-_SNIPPET:] + after[:hit.end - hit.offset + _SNIPPET]))
    return [Diagnostic("encoding-damage", line, _DAMAGE_MESSAGE, snippet)
            for line, _, snippet in sorted(found)]


_SNIPPET = 6


def normalize(text: str, keep_script: bool = False, detect: bool = True) -> NormalizedText:
    """Normalise decoded text; never raises on any ``str``. ``detect=False``: the
    script is not looked at (reported as Simplified), for queries and names."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    script = detect_script(text) if detect else SIMPLIFIED
    simplified = _fold(text, simplify=True)
    tokens = find_noise(simplified)
    warnings = []
    for token in tokens:
        simplified, noise = remove_noise(simplified, token)
        warnings.append(Diagnostic(
            "inserted-noise", noise.line, f"removed {noise.count} occurrences of {token!r} "
            "inserted between characters", noise.snippet))
    ruby_text = _is_ruby_text(simplified)
    simplified = _tidy_spaces(strip_ruby(simplified, ruby_text))
    warnings += _damage_warnings(text, simplified, ruby_text)
    simplified = simplified.split("\n")
    numbers = array("l", (n for n, line in enumerate(simplified, start=1) if line))
    kept = None
    if keep_script:
        original = _fold(text, simplify=False)
        for token in tokens:  # the same places: folding and t2s keep every length
            original = remove_noise(original, token)[0]
        original = _tidy_spaces(strip_ruby(original, ruby_text)).split("\n")
        kept = [original[n - 1] for n in numbers]
    return NormalizedText([simplified[n - 1] for n in numbers], numbers, script,
                          warnings, kept)


