"""Mutation fuzzing of the real seeds, and the remaining properties.

A fixed budget of seeded mutations (deleted, duplicated and swapped lines, random
CJK characters, brackets and markers, truncation at random bytes, re-encoding)
goes through ``ipcli parse -f json``; every case must either parse — valid JSON,
text rebuilt exactly, unique ids, no internal error — or be refused cleanly
(exit 2, one ``Error: … Hint: …`` line). The number of cases is printed in pytest's
summary.
"""
from __future__ import annotations

import json
import random

import pytest
import yaml
from conftest import seed_paths
from hypothesis import given, settings
from hypothesis import strategies as st
from test_parser_rules import LINES

from ipcli.formats import dumps_json, dumps_yaml
from ipcli.model import Document, rebuild_text
from ipcli.parse.punctuation import punctuate

ASCII_MARKS = str.maketrans("，（）：；！？", ",():;!?")
from ipcli.parse.parser import parse_text
from ipcli.text.normalize import normalize

CASES = 200
SEEDS = [p.read_text(encoding="utf-8") for p in seed_paths()]
NOISE = list("知识产权保护局司负责牵头参与()（）《》“”、。,;:一二三四五六七八九十123456789") + [
    "(", ")", "((", "一、", "(一)", "1.", "1。", "——", "(保护司负责)", "〔2020〕", "\ufffd", "?"]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"]
FUZZ_STATS = {"cases": 0, "parsed": 0, "refused": 0}


def mutate(rng: random.Random, text: str) -> bytes:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        i = rng.randrange(len(lines))
        if op < 0.2:
            del lines[i]
        elif op < 0.35:
            lines.insert(i, lines[i])
        elif op < 0.5:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            at = rng.randint(0, len(lines[i]))
            noise = "".join(rng.choice(NOISE) for _ in range(rng.randint(1, 8)))
            lines[i] = lines[i][:at] + noise + lines[i][at:]
        if not lines:
            lines = [""]
    text = "\n".join(lines)
    encoding = rng.choice(ENCODINGS)
    data = text.encode(encoding, errors="strict") if _encodable(text, encoding) else text.encode()
    if rng.random() < 0.2:  # truncate at a random byte, possibly inside a character
        data = data[:rng.randint(0, len(data))]
    return data


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


@pytest.mark.parametrize("case", range(CASES))
def test_mutated_seeds(run_cli, tmp_path, case):
    rng = random.Random(case)
    path = tmp_path / f"mutant-{case}.txt"
    path.write_bytes(mutate(rng, rng.choice(SEEDS)))
    result = run_cli("parse", path, "-f", "json")
    FUZZ_STATS["cases"] += 1
    assert "Traceback" not in result.err
    if result.code == 2:
        FUZZ_STATS["refused"] += 1
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and ". Hint: " in lines[0]
        return
    assert result.code == 0, result
    FUZZ_STATS["parsed"] += 1
    data = json.loads(result.out)
    doc = Document.from_dict(data)
    assert doc.to_dict() == data
    assert not [w for w in doc.warnings if w.code == "internal-error"]
    ids = [n.id for n in doc.walk()]
    assert len(ids) == len(set(ids))
    text = run_cli("parse", path, "-f", "text").out
    assert rebuild_text(doc) + "\n" == text


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES | st.text(max_size=20), max_size=25).map("\n".join))
def test_output_round_trips_through_yaml_json_and_from_dict(text):
    doc = parse_text(text, "generated")
    data = doc.to_dict()
    assert yaml.safe_load(dumps_yaml(data)) == data
    assert json.loads(dumps_json(data)) == data
    assert Document.from_dict(data) == doc
    assert rebuild_text(doc) == punctuate(normalize(text).text)
    # independent of ``punctuate``: only the seven marks changed, one for one
    assert rebuild_text(doc).translate(ASCII_MARKS) == normalize(text).text
