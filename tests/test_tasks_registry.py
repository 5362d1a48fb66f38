"""Issue 14 item 13 and issue 15 point 4: registry files under attack, local units, generic actors."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import ROOT, assert_linear_growth

from ipcli.errors import ConfigError
from ipcli.parse import registry_file
from ipcli.parse.parser import parse_text
from ipcli.parse.registry import Registry


def load(tmp_path, text: str) -> Registry:
    path = tmp_path / "reg.yaml"
    path.write_text(text, encoding="utf-8")
    return Registry.load(path)


def cli(*args, timeout=60):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ipcli", "--no-cache", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


# --- shape: every field's type, one clear ConfigError ------------------------------------
@pytest.mark.parametrize("text, message", [
    ("units:\n- name: 数字经济促进司\n  aliases: true\n", "`aliases` must be a list of names"),
    ("units:\n- name: 数字经济促进司\n  aliases: 数促司\n", "`aliases` must be a list of names"),
    ("units:\n- name: 数字经济促进司\n  aliases: [[数促司]]\n", "`aliases` must be a list of names"),
    ("units:\n- name: 数字经济促进司\n  word_aliases: {a: b}\n", "`word_aliases` must be a list"),
    ("units:\n- name: [数字经济促进司]\n", "unit #1 has no `name`"),
    ("units:\n- name: 2020\n", "unit #1 has no `name`"),
    ("units:\n- aliases: [数促司]\n", "unit #1 has no `name`"),
    ("units:\n- 数字经济促进司\n", "unit #1 has no `name`"),
    ("units:\n- name: 数字经济促进司\n  kind: 3\n", "`kind` must be text or null"),
    ("units:\n- name: 数字经济促进司\n  kind: ministry\n", "unknown kind 'ministry'"),
    ("units:\n- name: 数字经济促进司\n  parent: [国家知识产权局]\n", "`parent` must be text or null"),
    ("units:\n- name: 数字经济促进司\n  alias: [数促司]\n", "unknown field 'alias'"),
    ("units: {name: 数字经济促进司}\n", "expected a `units:` list"),
    ("units: true\n", "expected a `units:` list"),
    ("数字经济促进司\n", "expected a mapping"),
    ("", "expected a mapping"),
    ("unit:\n- name: 数字经济促进司\n", "unknown field 'unit'"),
    ("units: []\nlocal: [市]\n", "`local:` must be a mapping"),
    ("units: []\nlocal: {levels: 市}\n", "local.levels must be a list"),
    ("units: []\nlocal: {prefix: [市]}\n", "unknown field 'prefix'"),
    ("units:\n- name: \"数字\\n经济\"\n", "one line"),
    ("units: []\n---\nunits: []\n", "more than one YAML document"),
    ("units: [\n", "invalid YAML"),
    ("units: !!set {a}\n", "unsupported YAML tag"),
    ("units: !!python/object/apply:os.system ['echo hi']\n", "unsafe YAML tag rejected"),
    ("units:\n- name: !!python/name:os.system\n", "unsafe YAML tag rejected"),
    ("units:\n- name: 数字经济促进司\n  aliases: *nothing\n", "alias *nothing before its anchor"),
])
def test_bad_shapes_are_one_config_error(tmp_path, text, message):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert message in caught.value.message and caught.value.hint
    assert "\n" not in caught.value.message


def test_bad_shape_through_the_cli_is_one_line(tmp_path):
    path = tmp_path / "reg.yaml"
    path.write_text("units:\n- name: 数字经济促进司\n  aliases: true\n", encoding="utf-8")
    result = cli("--registry", str(path), "extract", "--dept", "保护司", "-f", "json")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Hint:" in lines[0]
    assert "aliases" in lines[0] and "Traceback" not in result.stderr


def test_a_correct_user_file_still_loads_with_anchors_and_the_new_fields(tmp_path):
    registry = load(tmp_path, (
        "schema: 1\n"
        "local:\n  stems: [数字经济]\n"
        "units:\n"
        "- name: 數字經濟促進司\n  aliases: &short [数促司, 数字司]\n  kind: cnipa-unit\n"
        "  parent: 国家知识产权局\n"
        "- name: 数字经济发展中心\n  aliases: *short\n  word_aliases: [中心]\n"))
    assert registry.lookup("数促司") is None  # two units share it: ambiguous, not guessed
    assert registry.lookup("数字经济促进司").kind == "cnipa-unit"  # normalised to Simplified
    assert registry.lookup("中心").name == "数字经济发展中心"
    assert registry.identify("市数字经济局").kind == "local"  # the user's stem


# --- nesting, aliases, size: the process survives and answers quickly --------------------
@pytest.mark.parametrize("text", [
    "units: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "units: " + "[" * 100_000 + "\n",
    "units: " + "{a: " * 50_000 + "b" + "}" * 50_000 + "\n",
    "units:\n" + "".join("  " * i + "-\n" for i in range(2_000)),
])
def test_deep_nesting_is_refused_not_a_crash(tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = cli("--registry", str(path), "extract", "--dept", "保护司", "-f", "json")
    assert result.returncode == 2, result.stderr[-500:]  # a segfault would be -11
    assert result.stderr.startswith("Error: ") and ("nested deeper than 16" in result.stderr
                                                    or "invalid YAML" in result.stderr)
    assert time.perf_counter() - started < 20


def test_billion_laughs_is_capped(tmp_path):
    lines = ["a0: &a0 [数促司, 数促司, 数促司, 数促司, 数促司, 数促司, 数促司, 数促司, 数促司, 数促司]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    lines += ["units:", "- name: 数字经济促进司", "  aliases: *a9"]
    started = time.perf_counter()
    with pytest.raises(ConfigError, match="aliases repeat more than 100,000 nodes"):
        load(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5


def test_aliases_of_many_units_are_capped_too(tmp_path):
    """Valid shape, quadratic expansion: 2,000 units sharing one 2,000-name alias list."""
    names = ", ".join(f"别名{i}号" for i in range(2_000))
    text = f"units:\n- {{name: 单位0号局, aliases: &common [{names}]}}\n" + "".join(
        f"- {{name: 单位{i}号局, aliases: *common}}\n" for i in range(1, 2_000))
    started = time.perf_counter()
    with pytest.raises(ConfigError, match="aliases repeat"):
        load(tmp_path, text)
    assert time.perf_counter() - started < 5


def test_size_cap_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as stream:  # sparse: costs no disk
        stream.truncate(registry_file.MAX_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(ConfigError, match="over the 4 MiB limit"):
        Registry.load(path)
    assert time.perf_counter() - started < 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path):
    fifo = tmp_path / "reg.fifo"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        result = cli("--registry", str(path), "extract", "--dept", "保护司", timeout=30)
        assert result.returncode == 2 and "is not a regular file" in result.stderr


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "reg.yaml"
    path.write_bytes("units:\n- name: 数字经济促进司\n".encode("gb18030"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        Registry.load(path)


def _units(count: int, start: int = 0) -> str:
    def name(i: int) -> str:
        return "".join(chr(0x4E00 + (i >> s) % 4096) for s in (0, 12, 24)) + "局"
    return "".join(f"- name: 测{name(i)}\n  aliases: [甲{name(i)}, 乙{name(i)}]\n  kind: generic\n"
                   for i in range(start, start + count))


def _load_seconds(tmp_path, text: str) -> float:
    from conftest import cpu_seconds
    return cpu_seconds(lambda: load(tmp_path, text).lookup("x"))


@pytest.mark.slow
def test_loading_time_grows_linearly(tmp_path):
    """Was 83 s for 16 MB (quadratic merging and indexing); now linear and capped at 4 MiB."""
    sizes = [3_000, 6_000, 12_000]
    times = [_load_seconds(tmp_path, "units:\n" + _units(n)) for n in sizes]
    assert_linear_growth(times)
    assert len(("units:\n" + _units(12_000)).encode()) > 1_000_000
    assert times[2] < 10, times


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["same name", "same alias"])
def test_repeated_names_merge_in_linear_time(tmp_path, shape):
    """20,000 entries of one name (aliases merged), or sharing one alias: were 21 s and 55 s."""
    if shape == "same name":
        text = "units:\n" + "".join(f"- {{name: 测试司, aliases: [别名{i}号]}}\n" for i in range(20_000))
    else:
        text = "units:\n" + "".join(f"- {{name: 单位{i}号局, aliases: [公共别名]}}\n"
                                    for i in range(20_000))
    started = time.perf_counter()
    registry = load(tmp_path, text)
    assert registry.lookup("别名19999号" if shape == "same name" else "单位19999号局")
    if shape == "same name":
        assert len(registry.lookup("测试司").aliases) == 20_000
    else:
        assert len(registry.candidates("公共别名")) == 20_000
    assert time.perf_counter() - started < 8


# --- local units, generic actors, word aliases -------------------------------------------
@pytest.mark.parametrize("name, canonical, kind", [
    ("市财政局", None, "local"),
    ("區科技局", None, "local"),
    ("省商务厅", None, "local"),
    ("市委宣传部", None, "local"),
    ("市发改委", None, "local"),
    ("县人民政府", None, "local"),
    ("市中级人民法院", None, "local"),
    ("各县(市、区)市场监管局", None, "local"),
    ("高新区科技局", None, "local"),
    ("杭州市市场监管局", "杭州市市场监管局", "local"),
    ("浙江省杭州市市场监督管理局", "浙江省杭州市市场监督管理局", "local"),
    ("各市、县(市、区)政府", "各市县人民政府", "generic"),
    ("各區、縣（市）人民政府", "各区县人民政府", "generic"),
    ("市级各有关部门", "市级有关部门", "generic"),
    ("省直有关部门", "省级有关部门", "generic"),
    ("各地方知识产权局", "各地方知识产权局", "generic"),
    ("保護司", "知识产权保护司", "cnipa-unit"),
    ("海关", "海关总署", "state-council"),
])
def test_identify(name, canonical, kind):
    found = Registry.shared().identify(name)
    assert (found.canonical, found.kind) == (canonical, kind)


@pytest.mark.parametrize("name", ["市场监管局", "财政局", "数字经济促进司", "城市", "加强保护"])
def test_not_local_units(name):
    assert Registry.shared().identify(name) is None


def test_word_aliases_resolve_but_are_not_mention_names():
    registry = Registry.shared()
    customs = registry.lookup("海关")
    assert customs.name == "海关总署" and "海关" not in customs.mention_names
    assert "知识产权局" not in registry.lookup("国家知识产权局").mention_names


_LOCAL_NOTICE = """{issuer}关于印发《2023年知识产权保护工作要点》的通知
各有关单位：
一、加强知识产权保护
（一）健全工作机制。（办公室负责）
（二）加强统计监测。（統計局、知识产权局负责）
（三）强化口岸保护。(海关負責)
（四）完善制度。（国家知识产权局办公室、保护司负责）
"""


def _departments(doc) -> list[tuple]:
    return [(d.name, d.canonical, d.kind) for node in doc.walk() for task in node.tasks
            for d in task.departments]


def test_a_word_alias_in_a_local_notice_is_the_local_unit():
    """办公室 / 统计局 / 知识产权局 / 海关 in a province's or city's notice are its own
    office and the local bureaus, not CNIPA's office, 国家统计局 or 海关总署; full names
    and short names (保护司) keep their national reading."""
    for issuer in ("浙江省知识产权局", "杭州市人民政府办公厅", "某某县市场监督管理局"):
        doc = parse_text(_LOCAL_NOTICE.format(issuer=issuer), "n")
        assert doc.meta.issuer == issuer
        assert _departments(doc) == [
            ("办公室", None, "local"), ("统计局", None, "local"), ("知识产权局", None, "local"),
            ("海关", None, "local"), ("国家知识产权局办公室", "国家知识产权局办公室", "cnipa-unit"),
            ("保护司", "知识产权保护司", "cnipa-unit")]
        assert not [w for w in doc.warnings if w.code == "unknown-department"]


@pytest.mark.parametrize("issuer", ["国家知识产权局", "国务院办公厅", ""])
def test_a_word_alias_in_a_national_or_unsigned_notice_keeps_its_national_reading(issuer):
    doc = parse_text(_LOCAL_NOTICE.format(issuer=issuer), "n")
    found = dict((name, canonical) for name, canonical, _ in _departments(doc))
    assert found["办公室"] == "国家知识产权局办公室"
    assert found["统计局"] == "国家统计局" and found["海关"] == "海关总署"


def test_a_forwarded_national_document_keeps_its_national_reading():
    doc = parse_text(_LOCAL_NOTICE.format(issuer="浙江省知识产权局").replace(
        "关于印发《", "转发国家知识产权局关于印发《"), "n")
    assert doc.meta.issuer == "浙江省知识产权局"
    found = dict((name, canonical) for name, canonical, _ in _departments(doc))
    assert found["办公室"] == "国家知识产权局办公室" and found["海关"] == "海关总署"
