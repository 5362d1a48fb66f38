"""Bytes → text, detecting the encoding; never ``errors="ignore"`` or ``"replace"``.

``decode(open("notice.txt", "rb").read())`` → ``Decoded(text="国家知识产权局…",
encoding="gb18030")``.

Order of decisions:

1. a byte-order mark names the encoding (UTF-8, UTF-16 LE/BE, UTF-32);
2. known binary signatures (PNG, JPEG, PDF, ZIP/DOCX, OLE/DOC, gzip…) and NUL
   bytes are refused, with a hint naming what the file seems to be;
3. strict UTF-8;
4. otherwise every legacy Chinese encoding that decodes the bytes strictly
   (GB18030, Big5, Big5-HKSCS) is scored by how many of its CJK characters are
   common ones, and the best wins. This separates Big5 from GB18030 even though
   Big5 bytes are usually valid GB18030 too;
5. nothing decodes plausibly → ``InputError`` with the first bad byte's line and
   a hint to pass ``--encoding``.
"""
from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..errors import InputError

LEGACY_ENCODINGS = ("gb18030", "big5", "big5hkscs")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file (extract its text first, e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive or Office document (save it as plain text)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (save it as plain text)"),
    (b"\x1f\x8b", "a gzip archive (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"), (b"{\\rtf", "an RTF document (save it as plain text)"),
)
_MIN_COMMON_SHARE = 0.6  # share of CJK characters that must be common ones
_HINT = "name the encoding with --encoding, e.g. --encoding gb18030 or --encoding big5"
_TEXT_CODECS = "use a text encoding such as utf-8, gb18030, big5, utf-16"
_SURROGATE = re.compile("[\ud800-\udfff]")
_VISIBLE = re.compile("[^\\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u206f\ufeff\ufff9-\ufffb]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, encoding: str | None = None, name: str = "input") -> Decoded:
    """Decode ``data``; ``encoding`` forces a codec. Raises ``InputError``."""
    if encoding:
        return _decode_forced(_without_utf8_mark(data, encoding), encoding, name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec == "utf-8-sig":
                return _decode_after_utf8_mark(data, name)
            return _decode_forced(data, codec, name, reported=codec)
    _refuse_binary(data, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best = _best_legacy(data)
    if best is None:
        raise InputError(
            f"cannot decode {name}: not UTF-8 ({_where(data, utf8_error.start)}), "
            "nor plausible GB18030 or Big5", _HINT)
    return best


def _best_legacy(data: bytes) -> Decoded | None:
    """The legacy Chinese encoding whose reading has the most common characters."""
    best: tuple[float, Decoded] | None = None
    for codec in LEGACY_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = common_share(text)
        if share >= _MIN_COMMON_SHARE and (best is None or share > best[0]):
            best = (share, Decoded(text, codec))
    return best[1] if best else None


def _decode_after_utf8_mark(data: bytes, name: str) -> Decoded:
    """A UTF-8 byte-order mark promises UTF-8; say so precisely when the rest breaks it."""
    rest = data[len(codecs.BOM_UTF8):]
    try:
        return Decoded(rest.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + len(codecs.BOM_UTF8)
    guess = _best_legacy(rest)
    hint = (f"the text after the mark reads as {guess.encoding}: try --encoding {guess.encoding}"
            if guess else _HINT)
    raise InputError(f"{name} starts with a UTF-8 byte-order mark, but the text after it is "
                     f"not UTF-8 ({_where(data, start)})", hint)


def _without_utf8_mark(data: bytes, encoding: str) -> bytes:
    """``--encoding gb18030`` on a file with a stray UTF-8 mark: the mark is not text."""
    if data.startswith(codecs.BOM_UTF8) and not encoding.lower().replace("_", "-").startswith("utf"):
        return data[len(codecs.BOM_UTF8):]
    return data


def _decode_forced(data: bytes, codec: str, name: str,
                   reported: str | None = None) -> Decoded:
    try:
        info = codecs.lookup(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}", _TEXT_CODECS) from None
    if not getattr(info, "_is_text_encoding", True):  # base64, hex, zlib, rot13…
        raise InputError(f"{codec!r} is not a text encoding", _TEXT_CODECS)
    try:
        text = data.decode(info.name)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode {name} as {info.name} ({_where(data, exc.start)})",
                         "check the file or try another --encoding") from None
    except (UnicodeError, ValueError, TypeError, LookupError) as exc:
        raise InputError(f"cannot decode {name} as {info.name} ({exc})",
                         "check the file or try another --encoding") from None
    if _SURROGATE.search(text):  # utf-7, unicode_escape… can yield half characters
        raise InputError(f"decoding {name} as {info.name} gives broken characters "
                         "(unpaired surrogates)", _TEXT_CODECS)
    return Decoded(text, reported or info.name)


def _refuse_binary(data: bytes, name: str) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"{name} is not a text file: it looks like {what}",
                             "ipcli reads plain-text notices (.txt, .md, .html)")
    nul = data.find(b"\x00")
    if nul >= 0:
        hint = "ipcli reads plain-text notices (.txt, .md, .html)"
        utf16 = _utf16_without_bom(data)
        if utf16:
            hint = f"it looks like UTF-16 without a byte-order mark: try --encoding {utf16}"
        raise InputError(f"{name} is binary (NUL byte at offset {nul})", hint)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes read plausibly as that, else None."""
    sample = data[:8192] if len(data) % 2 == 0 else data[:8191]
    sample = sample[:len(sample) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
        if text and printable / len(text) > 0.95 and common_share(text) >= _MIN_COMMON_SHARE:
            return codec
    return None


def _where(data: bytes, start: int) -> str:
    line = data.count(b"\n", 0, start) + 1
    return f"byte 0x{data[start]:02x} at offset {start}, line {line}"


def has_visible_text(text: str) -> bool:
    """False for text of only spaces, line breaks, zero-width and control characters."""
    return _VISIBLE.search(text) is not None


@functools.lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    text = resources.files("ipcli.data").joinpath("common_chars.txt").read_text("utf-8")
    return frozenset("".join(l for l in text.splitlines() if not l.startswith("#")))


def common_share(text: str) -> float:
    """Share of CJK characters that are common ones (Traditional folded first)."""
    from .script import to_simplified

    cjk = [c for c in to_simplified(text[:200_000]) if "\u3400" <= c <= "\u9fff"]
    if not cjk:
        return 1.0
    common = _common_characters()
    return sum(c in common for c in cjk) / len(cjk)
