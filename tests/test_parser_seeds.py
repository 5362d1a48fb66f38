"""The parse issue's acceptance checks, on the seeds identified by their content."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import (
    compound_article,
    count,
    guideline_2020,
    parsed,
    plan_excerpt,
    raw_text,
    rights_aid_2020,
    seed_paths,
    work_points_2022,
)

from ipcli.model import Document, rebuild_text
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import punctuate
from ipcli.text.normalize import normalize


def tasks(doc) -> list:
    return [t for n in doc.walk() for t in n.tasks]


def numbers(nodes) -> list:
    return [n.number for n in nodes]


def test_guideline_2020():
    doc = guideline_2020()
    sections = [n for n in doc.nodes if n.kind == "section"]
    assert len(sections) == 5 and count(doc, "subsection") == 13
    subsections = [n for n in doc.walk() if n.kind == "subsection"]
    assert numbers(subsections) == [1, 2, 3] + list(range(1, 11))
    assert len(tasks(doc)) == 18
    meta = doc.meta
    assert (meta.doc_number, meta.issuer, meta.date, meta.year) == (
        "国知发运字〔2020〕13号", "国家知识产权局", "2020-04-20", 2020)
    assert len(meta.attachments) == 2
    assert meta.title == "推动知识产权高质量发展年度工作指引（2020）"
    assert meta.notice_title == "国家知识产权局关于印发《推动知识产权高质量发展年度工作指引（2020）》的通知"
    assert doc.source.script == "traditional"
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


def test_guideline_2020_is_clean_simplified_without_pinyin():
    from ipcli.text.script import to_simplified
    doc = guideline_2020()
    pinyin = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
    dumped = json.dumps(doc.to_dict(), ensure_ascii=False)
    assert not pinyin.search(dumped)
    for node in doc.walk():
        for text in [node.text, node.title or ""] + [t.text + t.tag for t in node.tasks]:
            assert to_simplified(text) == text
    assert "（保护司负责）" in [t.tag for t in tasks(doc)]
    assert len([w for w in doc.warnings if w.code == "encoding-damage"]) >= 2


def test_no_encoding_damage_reported_on_the_simplified_seeds():
    for path in seed_paths():
        doc = parsed(path)
        if doc.source.script == "simplified":
            assert not [w for w in doc.warnings if w.code == "encoding-damage"], path.name


def test_rights_aid_opinion_2020():
    doc = rights_aid_2020()
    assert count(doc, "section") == 4 and count(doc, "subsection") == 13
    assert tasks(doc) == []
    assert doc.meta.doc_number == "国知发保字〔2020〕22号" and doc.meta.date == "2020-06-16"
    assert doc.source.script == "traditional"


def test_plan_excerpt():
    doc = plan_excerpt()
    sections = [n for n in doc.nodes if n.kind == "section"]
    assert numbers(sections) == [6, 7, 8]
    subsections = [n for n in doc.walk() if n.kind == "subsection"]
    assert numbers(subsections) == list(range(13, 22))
    assert len(tasks(doc)) == 14
    assert doc.meta.issuer == "国务院"
    assert not doc.warnings


def test_work_points_2022():
    doc = work_points_2022()
    assert count(doc, "section") == 8 and count(doc, "subsection") == 0
    assert doc.meta.year == 2022


def test_compound_article():
    doc = compound_article()
    parts = [n for n in doc.nodes if n.kind == "part"]
    assert len(parts) == 3
    third = parts[2]
    assert count(doc, "section", third) == 7 and count(doc, "subsection", third) == 11
    items = [n for n in third.walk() if n.kind == "item"]
    assert numbers(items) == list(range(1, 116))
    assert doc.meta.published == "2024-06-14" and doc.meta.year == 2024
    # numbering restarts inside each part: ids are scoped by the part
    assert {n.id.split("/")[0] for n in third.walk()} == {"p3"}


def test_inline_headings_split_into_nodes():
    doc = compound_article()
    section = doc.find("p3/1")
    assert (section.title, section.children[0].title) == ("完善知识产权制度", "完善知识产权法律法规规章")
    item = section.children[0].children[0]
    assert item.kind == "item" and item.label == "1。" and item.text.startswith("推进修订")
    assert section.lines == section.children[0].lines == item.lines[:1] * 2


FULLWIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_fullwidth_copy_gives_the_same_results(path):
    original = parsed(path)
    doc = parse_text(path.read_text(encoding="utf-8").translate(FULLWIDTH), path.stem)
    assert [n.to_dict() for n in doc.nodes] == [n.to_dict() for n in original.nodes]
    assert doc.meta == original.meta


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_nothing_lost_rebuilds_the_normalised_text(path):
    doc = parsed(path)
    assert rebuild_text(doc) == punctuate(normalize(raw_text(doc)).text)


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_every_normalised_line_is_placed_once(path):
    doc = parsed(path)
    placed = [d.lines for d in doc.dropped] + [n.lines for n in doc.walk()]
    covered = set()
    for start, end in placed:
        covered |= set(range(start, end + 1))
    assert set(normalize(raw_text(doc)).line_numbers) <= covered


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_output_loads_as_yaml_and_json_and_round_trips(path):
    from ipcli.formats import dumps_json, dumps_yaml
    doc = parsed(path)
    data = doc.to_dict()
    assert yaml.safe_load(dumps_yaml(data)) == data
    assert json.loads(dumps_json(data)) == data
    assert Document.from_dict(data) == doc


def test_ids_are_unique():
    for path in seed_paths():
        ids = [n.id for n in parsed(path).walk()]
        assert len(ids) == len(set(ids)), path.name


def test_web_furniture_is_dropped_with_reasons():
    reasons = {d.reason for p in seed_paths() for d in parsed(p).dropped}
    assert {"breadcrumb", "disclaimer", "site-navigation", "source", "keywords"} <= reasons
    excerpt = plan_excerpt()
    assert all("免责声明" not in n.text and "上一篇" not in n.text for n in excerpt.walk())
