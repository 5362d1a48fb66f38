"""Bulk fuzzing: thousands of generated texts and dozens of generated corpus layouts.

Seeded generators (not hypothesis: no shrinking, so thousands of cases fit in
seconds) build notice-like texts from real line shapes, noise, broken brackets,
control characters and random bytes in several encodings, and folders holding
every kind of entry a user's disk has: notices, binary files, empty files,
undecodable names, duplicate stems, FIFOs, symlinks to folders, devices and
nowhere, unreadable sub-folders. The promises checked are the README's: nothing
raises but ``InputError``, the tree rebuilds the normalised text, ids are unique;
a corpus command exits 0 or 1 with valid JSON and reports every file it skips.
"""
from __future__ import annotations

import json
import os
import random

import pytest
from conftest import seed_paths

from ipcli.errors import InputError
from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_bytes
from ipcli.parse.punctuation import punctuate
from ipcli.text.normalize import normalize

TEXTS = 3000
LAYOUTS = 40
SEED_LINES = [line for p in seed_paths() for line in p.read_text(encoding="utf-8").splitlines()]
SHAPES = ["一、总体要求", "(一)指导思想。坚持", "(二)基本原则", "1.加强保护", "2、完善制度", "（1）建立",
          "①推进", "——知识产权创造。", "第一章 总则", "第三条 本办法", "附件：1.任务分工表",
          "（保护司负责）", "(运用促进司牵头,公共服务司参与)", "国家知识产权局", "2023年12月31日",
          "各省、自治区、直辖市知识产权局：", "国知发保字〔2020〕22号", "来源：国家知识产权局网站",
          "《关于强化知识产权保护的意见》", "当前位置：首页 > 政策", "知識產權保護", "(", ")", "（（", "》《"]
NOISE = ["\x00", "\x07", "\u200b", "\ufeff", "\ufffd", "\u202e", "\r", "\t", "  ", "😀", "?",
         "锟斤拷", "(shí)", "【zhī】", "\u3000", "—", "…", "@@", "\\", "\"", "'"]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "latin-1"]


def generated_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 30)):
        pick = rng.random()
        if pick < 0.4:
            line = rng.choice(SEED_LINES)
        elif pick < 0.8:
            line = "".join(rng.choice(SHAPES) for _ in range(rng.randint(1, 3)))
        else:
            line = "".join(rng.choice(NOISE + SHAPES) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.2:
            at = rng.randint(0, len(line))
            line = line[:at] + rng.choice(NOISE) + line[at:]
        lines.append(line)
    return "\n".join(lines)


def generated_bytes(rng: random.Random) -> bytes:
    if rng.random() < 0.05:
        return rng.randbytes(rng.randint(0, 300))
    text = generated_text(rng)
    encoding = rng.choice(ENCODINGS)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    if rng.random() < 0.1:
        data = data[:rng.randint(0, len(data))]
    return data


@pytest.mark.parametrize("batch", range(10))
def test_thousands_of_generated_texts(batch):
    parsed = refused = 0
    for case in range(batch * TEXTS // 10, (batch + 1) * TEXTS // 10):
        rng = random.Random(case)
        data = generated_bytes(rng)
        try:
            doc = parse_bytes(data, f"gen{case}")
        except InputError as exc:
            assert exc.hint, case
            refused += 1
            continue
        parsed += 1
        ids = [n.id for n in doc.walk()]
        assert len(ids) == len(set(ids)), case
        assert not [w for w in doc.warnings if w.code == "internal-error"], case
        from ipcli.readers.dispatch import read
        assert rebuild_text(doc) == punctuate(normalize(read(data, "x").text).text), case
    assert parsed > refused  # most generated texts are readable notices


def generated_layout(rng: random.Random, root) -> set[str]:
    """A corpus folder with odd entries; returns the names ipcli must mention
    (listed or reported as skipped)."""
    root.mkdir()
    expected = set()
    folders = [root]
    for i in range(rng.randint(1, 12)):
        folder = rng.choice(folders)
        kind = rng.random()
        if kind < 0.15:
            sub = folder / rng.choice(["子目录", "sub", ".hidden", "__pycache__", "年度 2022"])
            if not sub.exists():
                sub.mkdir()
                folders.append(sub)
            continue
        name = rng.choice(["通知", "notice", "n", "工作要点", "dup"]) + str(rng.randint(0, 3))
        suffix = rng.choice([".txt", ".md", ".html", ".TXT", ".doc", ".txt"])
        path = folder / (name + suffix)
        if path.exists() or path.is_symlink():
            continue
        if kind < 0.55:
            path.write_bytes(generated_bytes(rng))
        elif kind < 0.65:
            path.write_bytes(b"")
        elif kind < 0.72:
            path = folder / (os.fsdecode(b"bad\xff" + str(i).encode()) + ".txt")
            path.write_bytes(generated_bytes(rng))
        elif kind < 0.8:
            os.mkfifo(path)
        elif kind < 0.87:
            path.symlink_to(rng.choice(["/dev/zero", "/nonexistent", str(root)]))
        elif kind < 0.93:
            path.symlink_to(seed_paths()[rng.randrange(5)])
        else:
            path.write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(50))
        hidden = any(part.startswith((".", "__")) for part in path.relative_to(root).parts)
        if path.suffix.lower() in (".txt", ".md", ".html") and not hidden:
            expected.add(os.fsencode(path.name).decode("utf-8", "backslashreplace"))
    return expected


@pytest.mark.parametrize("case", range(LAYOUTS))
def test_generated_corpus_layouts(run_cli, tmp_path, case):
    rng = random.Random(1000 + case)
    root = tmp_path / "corpus"
    expected = generated_layout(rng, root)
    listing = run_cli("--corpus", root, "list", "-f", "json")
    assert listing.code in (0, 1) and "Traceback" not in listing.err, listing
    rows = json.loads(listing.out)
    mentioned = {os.path.basename(r["path"]) for r in rows} | {
        name for name in expected if name in listing.err}
    assert expected <= mentioned, (expected - mentioned, listing.err)
    search = run_cli("--corpus", root, "search", "知识产权", "-f", "json")
    assert search.code in (0, 1) and "Traceback" not in search.err, search
    json.loads(search.out)
