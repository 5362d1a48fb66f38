"""Each written guarantee of ipcli.text.normalize, one test (or more) per guarantee."""
from __future__ import annotations

import re

import pytest
from conftest import seed_paths
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.text.normalize import normalize, strip_ruby
from ipcli.text.script import detect_script, to_simplified


def lines(text: str, **kw) -> list[str]:
    return normalize(text, **kw).lines


# 1. Lines are kept ------------------------------------------------------------
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_map_back_to_original_lines(newline):
    text = newline.join(["一、总体要求", "", "   ", "(一)指导思想", "正文。"])
    result = normalize(text)
    assert result.lines == ["一、总体要求", "(一)指导思想", "正文。"]
    assert list(result.line_numbers) == [1, 4, 5]


# 2. One width -------------------------------------------------------------------
def test_fullwidth_punctuation_digits_letters_fold():
    assert lines("（一）指导思想：ＡＢＣ１２３，；！？．")[0] == "(一)指导思想:ABC123,;!?."


def test_cjk_punctuation_is_kept():
    text = "、。《》“”〔〕——"
    assert lines(text)[0] == text


def test_fullwidth_and_ascii_markers_are_the_same():
    assert lines("（三）加强组织领导。")[0] == lines("(三)加强组织领导。")[0]



def test_kangxi_radicals_become_ideographs():
    """Chrome + Noto CJK PDFs: ``⼀、总体要求``, ``12⽉30⽇`` come out of pdfplumber."""
    assert lines("⼀、总体要求\n（⼆）加强⾏政保护⼯作，12⽉30⽇前\n⻓期⽤⼈")[0:3] == [
        "一、总体要求", "(二)加强行政保护工作,12月30日前", "长期用人"]
    assert lines("⾨户⾞辆⿓⾭")[0] == "门户车辆龙青"  # Kangxi forms are Traditional: t2s too


def test_every_kangxi_radical_maps_by_nfkc():
    import unicodedata

    from ipcli.text.radicals import radical_table
    from ipcli.text.script import to_simplified
    table = radical_table()
    for code in range(0x2F00, 0x2FD6):
        want = "青" if code == 0x2FAD else to_simplified(unicodedata.normalize("NFKC", chr(code)))
        assert lines(chr(code))[0] == want, hex(code)
        assert len(table[code]) == 1


def test_radicals_supplement_entries_match_their_unicode_names():
    """Each entry is checked against its name, written out here by hand."""
    import unicodedata

    from ipcli.text.radicals import SUPPLEMENT
    names = {"⻓": "C-SIMPLIFIED LONG", "⻔": "C-SIMPLIFIED GATE", "⻅": "C-SIMPLIFIED SEE",
             "⻆": "SIMPLIFIED HORN", "⻉": "C-SIMPLIFIED SHELL", "⻋": "C-SIMPLIFIED CART",
             "⻘": "BLUE", "⻝": "EAT ONE", "⻣": "BONE", "⻬": "C-SIMPLIFIED EVEN",
             "⻮": "C-SIMPLIFIED TOOTH", "⻰": "C-SIMPLIFIED DRAGON", "⻳": "C-SIMPLIFIED TURTLE",
             "⺠": "CIVILIAN", "⺟": "MOTHER", "⻄": "WEST TWO", "⻩": "SIMPLIFIED YELLOW",
             "⻛": "C-SIMPLIFIED WIND", "⻜": "C-SIMPLIFIED FLY", "⻢": "C-SIMPLIFIED HORSE",
             "⻥": "C-SIMPLIFIED FISH", "⻦": "C-SIMPLIFIED BIRD", "⻨": "SIMPLIFIED WHEAT",
             "⻚": "C-SIMPLIFIED LEAF", "⻙": "C-SIMPLIFIED TANNED LEATHER",
             "⻧": "C-SIMPLIFIED SALT", "⻪": "C-SIMPLIFIED FROG", "⺜": "SUN", "⺝": "MOON",
             "⺩": "JADE", "⺁": "CLIFF", "⺇": "TABLE", "⺊": "DIVINATION", "⺬": "SPIRIT ONE",
             "⺦": "SIMPLIFIED HALF TREE TRUNK", "⻁": "TIGER", "⻑": "LONG ONE", "⻡": "HEAD",
             "⻤": "GHOST"}
    assert set(SUPPLEMENT) == set(names)
    for radical, ideograph in SUPPLEMENT.items():
        assert unicodedata.name(radical) == "CJK RADICAL " + names[radical]
        assert 0x4E00 <= ord(ideograph) <= 0x9FFF
        nfkc = unicodedata.normalize("NFKC", radical)
        assert nfkc in (radical, ideograph)  # where Unicode has a mapping, it agrees
    assert lines("⻓期⻔户⻅⾯⻋辆⻩⾦⻰⻢")[0] == "长期门户见面车辆黄金龙马"


@pytest.mark.parametrize("keep_script", [False, True])
def test_radicals_keep_lines_and_offsets(keep_script):
    text = "⼀、总体要求\n\n（⼀）長期⼯作。（保护司负责）"
    result = normalize(text, keep_script=keep_script)
    assert list(result.line_numbers) == [1, 3]
    assert [len(x) for x in result.lines] == [len(x) for x in text.replace("\n\n", "\n").split("\n")]
    if keep_script:
        assert result.original_lines == ["一、总体要求", "(一)長期工作。(保护司负责)"]


def test_a_query_with_radicals_finds_the_ideographs():
    from ipcli.text.query import normalize_query
    assert normalize_query("运⽤司") == "运用司"

# 3. No invisible junk -----------------------------------------------------------
def test_invisible_characters_removed_and_spaces_folded():
    text = "\ufeff知\u200b识\u00ad产\u2060权\u00a0\u3000保护\t\t制度\x07"
    assert lines(text)[0] == "知识产权 保护 制度"


# 4. PDF spacing ------------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("2024 年", "2024年"),
    ("知 识 产 权 保护", "知识产权保护"),
    ("解读 。", "解读。"),
    ("一、 总体要求", "一、总体要求"),
    ("( 一 )  指导思想", "(一)指导思想"),
    ("(一) 指导思想", "(一)指导思想"),
    ("1. 推进修订", "1.推进修订"),
    ("(一)服务主体 知识产权信息", "(一)服务主体 知识产权信息"),  # kept: heading | text
    ("出台背景意义 “打通", "出台背景意义 “打通"),
])
def test_spacing_rules(raw, expected):
    assert lines(raw)[0] == expected


# 5. No ruby pinyin -------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("知識(shí)產(chǎn)權(quán)", "知識產權"),
    ("知【zhī】识", "知识"),
    ("知(shí )识", "知识"),
    ("知（shí）识", "知识"),
])
def test_ruby_pinyin_removed(raw, expected):
    assert strip_ruby(raw) == expected


@pytest.mark.parametrize("keep", ["(TISC)", "(RCEP)", "(WTO)", "(2020)", "(专利)",
                                  "(以下简称“保护中心”)", "(de)", "(Café)"])
def test_real_parentheticals_survive(keep):
    ruby = "知(zhī)識(shí)產(chǎn)權(quán)"
    assert keep in strip_ruby(f"{ruby}中心{keep}") or keep == "(de)"
    assert keep in strip_ruby(f"普通文本{keep}")


def test_toneless_ruby_removed_only_in_ruby_text():
    ruby = "知(zhī)識(shí)產(chǎn)權(quán)"
    assert strip_ruby(ruby + "的(de)") == "知識產權的"
    assert strip_ruby("第一款(de)") == "第一款(de)"


def test_seed_with_ruby_has_no_pinyin_left():
    toned = re.compile(r"[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*")
    for path in seed_paths():
        text = "\n".join(lines(path.read_text(encoding="utf-8")))
        assert not toned.search(text), path.name


# 6. Simplified --------------------------------------------------------------------
def test_traditional_to_simplified():
    assert to_simplified("國家知識產權局負責") == "国家知识产权局负责"
    assert lines("(保護(hù)司負(fù)責(zé))")[0] == "(保护司负责)"


def test_matches_opencc_on_every_seed():
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC("t2s")
    for path in seed_paths():
        text = strip_ruby(path.read_text(encoding="utf-8"))
        assert to_simplified(text) == converter.convert(text), path.name


@pytest.mark.parametrize("text, script", [
    ("国家知识产权局负责", "simplified"), ("國家知識產權局負責", "traditional"),
    ("国家知识产权局負責國家", "mixed"), ("ABC 123", "simplified")])
def test_script_detection(text, script):
    assert detect_script(text) == script


def test_keep_script_lines_align_with_simplified():
    result = normalize("國家知識產權局\n（一）負責", keep_script=True)
    assert result.original_lines == ["國家知識產權局", "(一)負責"]
    assert [len(a) for a in result.lines] == [len(b) for b in result.original_lines]


# 7. Idempotent ---------------------------------------------------------------------
ALPHABET = st.sampled_from(list("知识產權國家局 　\u3000\u00a0\t()（）【】,，。、：:;123１２ａAbc⼀⾨⻓"
                                "āíǔ-——《》“”\u200b\ufeff") + ["shí", "(zhī)", "\n", "\r\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_idempotent_on_any_text(text):
    once = normalize(text).text
    assert normalize(once).text == once


# Encoding damage ---------------------------------------------------------------------
def test_encoding_damage_reported():
    result = normalize("第一行\n知識產權發展?fàn)顩r報告\n壞\ufffd字\nå›½å®¶知识")
    damaged = [(w.code, w.line) for w in result.warnings]
    assert damaged == [("encoding-damage", 2), ("encoding-damage", 3), ("encoding-damage", 4)]
    assert result.warnings[0].snippet.startswith("知识产权发展?")


def test_no_damage_for_genuine_question_marks_and_urls():
    assert normalize("是否需要？请见 http://x.cn/a?b=1 。").warnings == []


# --- short texts look phrases up position by position (no 40 ms regex compile) ------------
from ipcli.text import script as _script  # noqa: E402

_CHARS, _PHRASES, _LENGTHS = _script._t2s_tables()
_PIECES = st.one_of(st.sampled_from(sorted(_PHRASES)), st.sampled_from(sorted(_PHRASES)).map(
    lambda p: p[:2]), st.sampled_from(list("國家知識產權局內有關部門的了著乾覆 ,")))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=60))
def test_the_phrase_scan_finds_what_the_alternation_finds(pieces):
    text = "".join(pieces)[:_script._SHORT]
    _script._SCANS[0] = 1  # the scan, not the alternation (used after a process's first texts)
    assert list(_script._phrase_matches(text, _PHRASES, _LENGTHS)) == [
        (m.start(), m.end()) for m in _script._phrase_re().finditer(text)]


def test_queries_and_documents_convert_alike():
    from ipcli.text.normalize import normalize, normalize_query
    for text in ["局內有關部門按職責分工負責", "乾隆年間的一目瞭然", "維權援助 知識產權"]:
        assert normalize_query(text) == " ".join(normalize(text).lines)
        assert normalize_query(text * 20) == " ".join(normalize(text * 20).lines)  # > _SHORT


_IDEOGRAPH = st.one_of(st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
                   st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_IDEOGRAPH, st.sampled_from(sorted(_PHRASES))), min_size=1,
                max_size=12).map("".join))
def test_an_ideograph_query_needs_only_the_conversion(text):
    """The quick path of ``text.query`` (no normaliser import) gives what the
    normaliser gives."""
    from ipcli.text.normalize import normalize
    from ipcli.text.query import _IDEOGRAPHS, normalize_query
    assert _IDEOGRAPHS.fullmatch(text)
    assert normalize_query(text) == " ".join(normalize(text, detect=False).lines)


def test_a_query_with_anything_else_goes_through_the_normaliser():
    import subprocess
    import sys
    code = ("import sys; from ipcli.text.query import normalize_query as q; "
            "a = q('维权援助'); quick = 'ipcli.text.normalize' not in sys.modules; "
            "b = q('ＡＢ　維權 援助'); print(a, quick, b, 'ipcli.text.normalize' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["维权援助", "True", "AB", "维权", "援助", "True"], out.stderr
