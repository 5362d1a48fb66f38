"""Clause-matching benchmark: precision, recall and F1 of the diff's clause matcher.

    python benchmarks/match_bench.py [--quick]

On the labelled clause pairs of ``tests/fixtures/clause_pairs.tsv`` (related /
unrelated, from consecutive-year seeds and written pairs; its header says how it
was built), a pair counts as *predicted related* when its similarity reaches the
default threshold (``ipcli.analyses.diff.DEFAULT_SIMILARITY``). Two measures,
computed in the same run on the same pairs and the same clause statistics:

- ours: ``ipcli.analyses.similarity`` (content bigrams + content words, cosine);
- today's method before issue 19: IDF-weighted Dice over all character bigrams.

IDF is computed over every clause of the seeds plus the labelled clauses, as a
diff would compute it over the clauses of the documents it compares.
"""
from __future__ import annotations

import math
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, Figure, Stats, run_alone  # noqa: E402

PAIRS = ROOT / "tests" / "fixtures" / "clause_pairs.tsv"
_NOT_TEXT = re.compile(r"[^\w]|_")


def load_pairs(path: Path = PAIRS) -> list[tuple[bool, str, str]]:
    """(related, clause A, clause B), normalised as the parser normalises text."""
    from ipcli.text.normalize import normalize_query
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows[0][:2] == ["label", "origin"], "header row expected"
    return [(label == "related", normalize_query(a), normalize_query(b.rstrip("\n")))
            for label, _, a, b in rows[1:]]


def background() -> list[str]:
    """Every clause of the seeds: the statistics a diff of the seeds would use."""
    from ipcli.analyses.align import units_of
    from ipcli.parse.parser import parse_file
    return [u.text for p in sorted((ROOT / "seeds").glob("*.txt")) for u in units_of(parse_file(p))]


def scores_today(pairs, context: list[str]) -> list[float]:
    """IDF-weighted Dice over all character bigrams (the measure before issue 19)."""
    def grams(text: str) -> frozenset[str]:
        plain = _NOT_TEXT.sub("", text)
        return frozenset(plain[i:i + 2] for i in range(len(plain) - 1)) or frozenset(plain)

    texts = context + [t for _, a, b in pairs for t in (a, b)]
    df = Counter(g for t in texts for g in grams(t))
    weight = {g: math.log((len(texts) + 1) / (d + 1)) + 1.0 for g, d in df.items()}
    scores = []
    for _, a, b in pairs:
        ga, gb = grams(a), grams(b)
        shared = sum(weight[g] for g in ga & gb)
        scores.append(2 * shared / (sum(weight[g] for g in ga) + sum(weight[g] for g in gb)))
    return scores


def scores_ours(pairs, context: list[str], variant: str = "") -> list[float]:
    """``ipcli.analyses.similarity`` with the diff's segmenter and stop-list; a
    ``variant`` keeps one half of it: "bigrams" or "words" (content only)."""
    from ipcli.analyses import words
    from ipcli.analyses.similarity import Features, Scorer, Weights, features
    texts = context + [t for _, a, b in pairs for t in (a, b)]
    segment = words.segmenter()  # short 《titles》 are one word
    found = {t: features(segment(t), words.stopwords()) for t in set(texts)}
    if variant:  # the other half empty: the mean is then half the kept cosine
        found = {t: Features(f.grams if variant == "bigrams" else frozenset(),
                             f.words if variant == "words" else frozenset()) for t, f in found.items()}
    score = Scorer(Weights.of([found[t] for t in texts]))
    factor = 2 if variant else 1
    return [factor * score(found[a], found[b]) for _, a, b in pairs]


def precision_recall_f1(labels: list[bool], scores: list[float], threshold: float):
    predicted = [s >= threshold for s in scores]
    tp = sum(p and y for p, y in zip(predicted, labels))
    precision = tp / sum(predicted) if any(predicted) else 0.0
    recall = tp / sum(labels) if any(labels) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_benchmark(quick: bool) -> list[Figure]:
    from ipcli.analyses.diff import DEFAULT_SIMILARITY
    pairs, context = load_pairs(), background()
    labels = [related for related, _, _ in pairs]
    ours = precision_recall_f1(labels, scores_ours(pairs, context), DEFAULT_SIMILARITY)
    today = precision_recall_f1(labels, scores_today(pairs, context), DEFAULT_SIMILARITY)
    note = (f"{len(pairs)} labelled pairs ({sum(labels)} related), threshold {DEFAULT_SIMILARITY}; "
            f"baseline: bigram Dice (before issue 19)")
    figures = [Figure(f"diff: clause matcher {name}", Stats.of([100 * ours[k]]), "%",
                      Stats.of([100 * today[k]]), "bigram Dice, same pairs", higher_is_better=True,
                      note=note) for k, name in enumerate(("precision", "recall", "F1"))]
    for variant in ("bigrams", "words"):  # each half of ours alone, for the record
        f1 = precision_recall_f1(labels, scores_ours(pairs, context, variant), DEFAULT_SIMILARITY)[2]
        figures.append(Figure(f"diff: clause matcher F1, content {variant} only", Stats.of([100 * f1]),
                              "%", Stats.of([100 * today[2]]), "bigram Dice, same pairs",
                              higher_is_better=True, note="one half of the measure above"))
    return figures


if __name__ == "__main__":
    run_alone(run_benchmark)
