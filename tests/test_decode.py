"""Decoding: every supported encoding of the seeds gives the same tree; bad bytes are refused."""
from __future__ import annotations

import os

import pytest
from conftest import parsed, rights_aid_2020, seed_paths

from ipcli.errors import InputError
from ipcli.parse.parser import parse_bytes
from ipcli.text.decode import decode


def tree(doc) -> list:
    return [n.to_dict() for n in doc.nodes]


def encodable(text: str, encoding: str) -> str:
    """What a Big5 copy can hold: NBSP → ideographic space, 着 → 著 (its Big5 form)."""
    big5_forms = {"着": "著"}
    out = []
    for char in text:
        for candidate in (char, "\u3000" if char.isspace() else big5_forms.get(char, char)):
            try:
                candidate.encode(encoding)
                out.append(candidate)
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(f"{char!r} has no {encoding} form")
    return "".join(out)


def shape(doc) -> list:
    return [(n.id, n.kind, n.label, n.number, len(n.tasks)) for n in doc.walk()]


@pytest.mark.parametrize("encoding, expected", [
    ("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8"), ("utf-32", "utf-32")])
@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_encodings_parse_to_the_same_tree(path, encoding, expected):
    original = parsed(path)
    data = path.read_text(encoding="utf-8").encode(encoding)
    doc = parse_bytes(data, path.stem)
    assert doc.source.encoding == expected
    assert tree(doc) == tree(original)
    assert doc.meta == original.meta


def test_big5_copy_of_the_traditional_seed():
    original = rights_aid_2020()
    text = encodable(open(original.source.path, encoding="utf-8").read(), "big5")
    doc = parse_bytes(text.encode("big5"), "big5-copy")
    assert doc.source.encoding == "big5"
    assert tree(doc) == tree(parse_bytes(text.encode("utf-8"), "utf8-copy"))
    assert shape(doc) == shape(original)
    assert doc.meta.doc_number == original.meta.doc_number


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_newlines(newline):
    path = seed_paths()[0]
    text = path.read_text(encoding="utf-8").replace("\n", newline)
    assert tree(parse_bytes(text.encode(), path.stem)) == tree(parsed(path))


@pytest.mark.parametrize("data, fragment", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"PK\x03\x04rest", "ZIP"),
    (b"abc\x00def", "binary"),
])
def test_binary_is_refused(data, fragment):
    with pytest.raises(InputError) as err:
        decode(data, name="x")
    assert fragment in err.value.message and err.value.hint


def test_random_bytes_are_refused():
    with pytest.raises(InputError):
        decode(os.urandom(4096) + b"\x00", name="x")
    with pytest.raises(InputError):
        decode(bytes(range(128, 256)) * 8, name="x")


def test_invalid_utf8_names_the_byte_and_line():
    data = "第一行\n第二行".encode() + b"\xff\xfe\xfa" + "文".encode()
    with pytest.raises(InputError) as err:
        decode(data, name="bad.txt")
    assert "line 2" in err.value.message and "--encoding" in err.value.hint


def test_utf16_without_bom_gets_a_precise_hint():
    data = seed_paths()[0].read_text(encoding="utf-8").encode("utf-16-le")
    with pytest.raises(InputError) as err:
        decode(data, name="x")
    assert "--encoding utf-16-le" in err.value.hint
    assert decode(data, "utf-16-le").text.startswith(seed_paths()[0].read_text("utf-8")[:20])


def test_forced_encoding_errors_are_clear():
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", "no-such-codec")
    with pytest.raises(InputError, match="cannot decode x as"):
        decode("中文".encode("utf-8"), "ascii", name="x")


def test_never_uses_lossy_error_handlers():
    import re
    from pathlib import Path

    import ipcli
    lossy = re.compile(r"""[(,]\s*errors\s*=\s*["'](ignore|replace)""")
    for source in Path(ipcli.__file__).parent.glob("*.py"):
        assert not lossy.search(source.read_text(encoding="utf-8")), source.name
