"""Generate a synthetic corpus of notices by recombining the seeds' paragraphs.

    python benchmarks/gencorpus.py [--count 10000] [--out /tmp/ipcli-bench/corpus-10000] [--seed 7]
                                   [--reword 0.9]

Deterministic for a given seed. Each notice gets a wrapper notice (title, 文号,
recipients, signature, date), 4–9 sections with subsections and items in varied
marker styles (1. 1． 1、 1。, ASCII or full-width brackets, some headings inline),
paragraphs drawn from the seeds, department tags drawn from the registry, and a
web header/footer. About 15% are Traditional and 10% are saved as GB18030.

Drawn from a few thousand seed sentences, nearly every clause of this corpus
occurs in hundreds of notices, which real notices do not do: ``--reword P``
rewords each drawn sentence with probability P (one to three short spans
replaced, deleted or inserted from other sentences; a random stream of its own,
so the default corpus is unchanged). ``diff`` on such a corpus segments and
aligns distinct clauses, as it must on real notices.
The default output is outside the repository; nothing here is committed.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipcli.parse.parser import parse_file  # noqa: E402
from ipcli.parse.registry import Registry  # noqa: E402

CN = "一二三四五六七八九十"
DEFAULT_OUT = Path("/tmp/ipcli-bench/corpus-10000")


def cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + (CN[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return CN[tens - 1] + "十" + (CN[ones - 1] if ones else "")


def pools():
    """Sentences and headings from the seeds, and department names from the registry."""
    sentences, headings = [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for node in parse_file(path).walk():
            if node.kind in ("front", "back"):
                continue
            if node.title and 4 <= len(node.title) <= 30:
                headings.append(node.title)
            text = node.text
            for task in node.tasks:
                text = text.replace(task.tag, "")
            sentences += [s + "。" for s in text.replace("\n", "").split("。") if 8 <= len(s) <= 160]
    units = [u for u in Registry.load().units.values() if u.kind != "generic"]
    return sentences, headings, units


def s2t_table():
    import importlib.util
    folder = Path(importlib.util.find_spec("opencc").origin).parent / "dictionary"
    table = {}
    for line in (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0]
        if len(key) == 1 and len(first) == 1:
            table[ord(key)] = first
    return table


def tag(rng: random.Random, units) -> str:
    names = [rng.choice(u.aliases or [u.name]) if rng.random() < 0.5 else u.name
             for u in rng.sample(units, rng.randint(1, 4))]
    style = rng.random()
    if style < 0.45:
        return f"({'、'.join(names)}负责)"
    if style < 0.75:
        return f"({names[0]}牵头,{'、'.join(names[1:]) or '有关部门'}等按职责分工负责)"
    if style < 0.9:
        return f"({names[0]}负责,{'、'.join(names[1:]) or '有关单位'}参与)"
    return f"({'、'.join(names)}负责,{rng.randint(2021, 2027)}年底前完成)"


class Sentences:
    """Draws of seed sentences, each reworded with probability ``reword`` by a
    random stream of its own (``reword=0`` draws exactly as ``rng.sample``)."""

    def __init__(self, pool: list[str], reword: float = 0.0, seed: int = 0):
        self.pool, self.reword, self.rng = pool, reword, random.Random(f"reword-{seed}")

    def draw(self, rng: random.Random, count: int) -> str:
        picked = rng.sample(self.pool, count)
        if self.reword:
            picked = [self._edit(s) if self.rng.random() < self.reword else s for s in picked]
        return "".join(picked)

    def _edit(self, text: str) -> str:
        """Replace, delete or insert one to three short spans (the full stop stays)."""
        chars = list(text[:-1])
        for _ in range(self.rng.randint(1, 3)):
            at = self.rng.randrange(len(chars))
            span = self.rng.randint(1, 4)
            kind = self.rng.random()
            donor = self.rng.choice(self.pool)[:-1]
            if kind < 0.5:
                start = self.rng.randrange(max(1, len(donor) - span))
                chars[at:at + span] = donor[start:start + span]
            elif kind < 0.7 and len(chars) > span + 4:
                del chars[at:at + span]
            else:
                chars[at:at] = donor[:span]
        return "".join(chars) + text[-1]


def notice(rng: random.Random, index: int, sentences: Sentences, headings, units) -> str:
    year = rng.randint(2015, 2024)
    title = rng.choice(headings) + rng.choice(["工作要点", "实施方案", "推进计划", "指导意见"])
    issuer = rng.choice(["国家知识产权局", "国务院办公厅", "国务院知识产权战略实施工作部际联席会议办公室",
                         "江苏省人民政府", "广东省知识产权局"])
    lines = ["首页 > 政策文件 > 通知公告", f"{issuer}关于印发《{title}》的通知",
             f"国知发{rng.choice('管保运办')}字〔{year}〕{rng.randint(1, 99)}号",
             "各省、自治区、直辖市及新疆生产建设兵团知识产权局,局机关各部门:",
             f"现将《{title}》印发给你们,请结合实际认真贯彻落实。", "特此通知。", issuer,
             f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", title,
             sentences.draw(rng, 2)]
    item_no, sub_no = 0, 0
    sub_open, sub_close = rng.choice([("(", ")"), ("（", "）")])
    delimiter = rng.choice([".", "．", "、", "。"])
    for s in range(1, rng.randint(5, 10)):
        lines.append(f"{cn(s)}、{rng.choice(headings)}")
        if rng.random() < 0.5:
            sub_no = 0
        for _ in range(rng.randint(1, 4)):
            sub_no += 1
            body = sentences.draw(rng, rng.randint(1, 4))
            heading = f"{sub_open}{cn(sub_no)}{sub_close}{rng.choice(headings)}"
            if rng.random() < 0.6:
                lines.append(f"{heading}。{body}{tag(rng, units) if rng.random() < 0.7 else ''}")
            else:
                lines.append(heading)
                for _ in range(rng.randint(2, 5)):
                    item_no += 1
                    text = sentences.draw(rng, rng.randint(1, 3))
                    lines.append(f"{item_no}{delimiter}{text}{tag(rng, units) if rng.random() < 0.4 else ''}")
    lines += ["来源:国家知识产权局网站", "上一篇", "下一篇", "免责声明:本站转载文章仅供学习参考。"]
    return "\n".join(lines) + "\n"


def generate(out: Path, count: int, seed: int, reword: float = 0.0) -> dict:
    rng = random.Random(seed)
    pool, headings, units = pools()
    sentences = Sentences(pool, reword, seed)
    traditional = s2t_table()
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        text = notice(rng, i, sentences, headings, units)
        while len(text) < 4800:  # ~15 KB of UTF-8 per notice
            text = text.replace("上一篇", sentences.draw(rng, 3) + "\n上一篇", 1)
        encoding = "utf-8"
        if rng.random() < 0.15:
            text = text.translate(traditional)
        if rng.random() < 0.10:
            encoding = "gb18030"
        data = text.encode(encoding)
        folder = out / f"{i // 1000:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"n{i:05d}.txt").write_bytes(data)
        total += len(data)
    return {"files": count, "bytes": total}


def ensure(out: Path = DEFAULT_OUT, count: int = 10_000, seed: int = 7,
           reword: float = 0.0) -> Path:
    """The corpus at ``out``, generated unless a complete one is already there."""
    marker = out / (f".complete-{count}-{seed}" + (f"-reword-{reword}" if reword else ""))
    if not marker.exists():
        started = time.perf_counter()
        info = generate(out, count, seed, reword)
        marker.write_text(str(info))
        print(f"generated {info['files']} notices, {info['bytes'] / 1e6:.0f} MB, in "
              f"{time.perf_counter() - started:.0f} s at {out}", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reword", type=float, default=0.0,
                        help="probability that a drawn sentence is reworded (0: none)")
    args = parser.parse_args()
    ensure(args.out, args.count, args.seed, args.reword)


if __name__ == "__main__":
    main()
