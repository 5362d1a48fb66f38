"""Marker grammar, roles, deadlines and the registry (see also tests/test_tasks_*.py)."""
from __future__ import annotations

import pytest

from ipcli.errors import ConfigError
from ipcli.parse.departments import TagGrammar, extract_tasks
from ipcli.parse.registry import Registry


@pytest.fixture(scope="module")
def grammar() -> TagGrammar:
    return TagGrammar(Registry.load())


def roles(tag) -> list[tuple]:
    return [(d.canonical or d.name, d.role) for d in tag.departments]


@pytest.mark.parametrize("content, expected", [
    ("保护司负责", [("知识产权保护司", "responsible")]),
    ("保護司負責", [("知识产权保护司", "responsible")]),
    ("条法司、战略规划司负责", [("条法司", "responsible"), ("战略规划司", "responsible")]),
    ("运用促进司牵头,公共服务司、商标局参与", [("知识产权运用促进司", "lead"), ("公共服务司", "participant"),
                                              ("商标局", "participant")]),
    # Roles say what the marker prints: 负责 stays responsible even when others participate
    # (issue 15 point 3; this was "lead" before), and 按职责分工负责 after a lead participates.
    ("运用促进司负责,公共服务司、专利局初审流程部,商标局参与",
     [("知识产权运用促进司", "responsible"), ("公共服务司", "participant"),
      ("初审及流程管理部", "participant"), ("商标局", "participant")]),
    ("国家知识产权局牵头,中央宣传部、农业农村部等按职责分工负责",
     [("国家知识产权局", "lead"), ("中央宣传部", "participant"), ("农业农村部", "participant")]),
    ("中央宣传部、农业农村部等按职责分工负责,国家知识产权局牵头",
     [("中央宣传部", "responsible"), ("农业农村部", "responsible"), ("国家知识产权局", "lead")]),
    ("工信部与人社部按职责分工负责", [("工业和信息化部", "responsible"), ("人力资源和社会保障部", "responsible")]),
    ("文化和旅游部负责", [("文化和旅游部", "responsible")]),
    ("海关总署配合", [("海关总署", "participant")]),
    ("市场监管总局等部门负责", [("国家市场监督管理总局", "responsible")]),
    ("局内有关部门按职责分工负责", [("局内有关部门", "responsible")]),
    ("各地方知识产权局负责", [("各地方知识产权局", "responsible")]),
    ("国家林草局牵头,林草局配合", [("国家林业和草原局", "lead"), ("国家林业和草原局", "participant")]),
])
def test_tags(grammar, content, expected):
    tag = grammar.parse(content)
    assert tag is not None and roles(tag) == expected


@pytest.mark.parametrize("content, deadline", [
    ("保护司负责,年内持续推进", "年内持续推进"),
    ("保护司负责2025年12月底前完成", "2025年12月底前完成"),
    ("2025年12月底前完成", "2025年12月底前完成"),
])
def test_deadlines(grammar, content, deadline):
    assert grammar.parse(content).deadline == deadline


@pytest.mark.parametrize("content", [
    "TISC", "2020", "以下简称“保护中心”", "专利", "知识产权管理部门", "见附件", "此件公开发布",
    "国家知识产权局代章", "联系人及电话:知识产权保护司 李伟 010—62086849", "2022—2025年", "由企业负责",
    "RCEP", "WIPO", "含港澳台", ""])
def test_not_tags(grammar, content):
    assert grammar.parse(content) is None


def test_unknown_units_are_kept_without_canonical(grammar):
    tag = grammar.parse("数字经济促进司负责")
    assert roles(tag) == [("数字经济促进司", "responsible")]
    assert tag.departments[0].canonical is None


def test_tasks_split_at_tags_and_skip_book_titles(grammar):
    text = "健全政策。落实《规划(2021—2025年)》。(保护司负责)加强宣传。(公共服务司负责)其余文字(TISC)。"
    tasks, warnings = extract_tasks(text, len("健全政策。"), grammar, 1)
    assert [t.text for t in tasks] == ["落实《规划(2021—2025年)》。", "加强宣传。"]
    assert [t.tag for t in tasks] == ["(保护司负责)", "(公共服务司负责)"]
    assert warnings == []


def test_near_miss_markers_are_warned(grammar):
    _, warnings = extract_tasks("工作。(请各单位按时负责上报材料)", 0, grammar, 7)
    assert [(w.code, w.line) for w in warnings] == [("unclassified-marker", 7)]


def test_registry_covers_every_unit_named_in_the_seeds():
    from conftest import parsed, seed_paths
    unknown = {d.name for p in seed_paths() for n in parsed(p).walk() for t in n.tasks
               for d in t.departments if d.canonical is None}
    assert unknown == set()


def test_registry_lookup_is_script_and_width_insensitive():
    registry = Registry.load()
    assert {registry.lookup(n).name for n in ("保护司", "保護司", "知识产权保护司", "知識產權保護司")} == {
        "知识产权保护司"}
    assert len(registry.candidates("审查部")) > 3


def test_user_registry_extends_and_rejects_unsafe_yaml(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("units:\n  - name: 数字经济促进司\n    aliases: [数促司]\n    kind: cnipa-unit\n"
                     "  - name: 知识产权保护司\n    aliases: [保护处]\n", encoding="utf-8")
    registry = Registry.load(extra)
    assert registry.lookup("数促司").name == "数字经济促进司"
    assert registry.lookup("保护处").name == registry.lookup("保护司").name == "知识产权保护司"
    assert registry.lookup("保护司").kind == "cnipa-unit"
    bad = tmp_path / "bad.yaml"
    bad.write_text("units: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unsafe YAML"):
        Registry.load(bad)


def test_bundled_registry_names_are_already_normalised():
    """The registry index trusts bundled names to be in normal form (fast start-up)."""
    from ipcli.parse.registry import key
    registry = Registry.load()
    for unit in registry.units.values():
        for name in unit.names:
            assert key(name) == name.replace(" ", ""), name


def test_user_registry_from_the_config_path(tmp_path, monkeypatch):
    from ipcli.parse.registry import signature
    monkeypatch.delenv("IPCLI_REGISTRY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    before = signature()
    (tmp_path / "ipcli").mkdir()
    (tmp_path / "ipcli" / "departments.yaml").write_text(
        "units:\n- name: 数字经济促进司\n  aliases: [数促司]\n", encoding="utf-8")
    assert Registry.load().lookup("数促司").name == "数字经济促进司"
    assert signature() != before  # cached parses are keyed on it
