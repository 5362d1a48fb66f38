"""How `ipcli diff` matches clauses, what counts as moved, and keyword shifts."""
from __future__ import annotations

import math
import sys
from collections import Counter

import pytest
from conftest import ROOT

from ipcli.analyses import keywords
from ipcli.analyses.diff import compare
from ipcli.parse.parser import parse_text

sys.path.insert(0, str(ROOT / "benchmarks"))
import match_bench  # noqa: E402


@pytest.fixture(scope="module")
def labelled():
    pairs, context = match_bench.load_pairs(), match_bench.background()
    return pairs, context, [related for related, _, _ in pairs]


def test_the_labelled_set_is_as_documented(labelled):
    pairs, _, labels = labelled
    assert len(pairs) >= 150 and 0.25 < sum(labels) / len(pairs) < 0.5
    origins = [line.split("\t")[1] for line in match_bench.PAIRS.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")][1:]
    assert sum(o == "written" for o in origins) == 70 and sum(o != "written" for o in origins) == 217


def test_the_matcher_beats_the_old_measure_on_labelled_pairs(labelled):
    """Measured: P 0.86 R 0.80 F1 0.83 against Dice over all bigrams, P 0.77 R 0.55 F1 0.64."""
    pairs, context, labels = labelled
    from ipcli.analyses.diff import DEFAULT_SIMILARITY
    ours = match_bench.precision_recall_f1(labels, match_bench.scores_ours(pairs, context),
                                           DEFAULT_SIMILARITY)
    today = match_bench.precision_recall_f1(labels, match_bench.scores_today(pairs, context),
                                            DEFAULT_SIMILARITY)
    assert ours[2] >= 0.78 and ours[2] > today[2] + 0.1
    assert ours[0] >= today[0] and ours[1] > today[1]


def one_clause(text: str, doc_id: str):
    return parse_text(f"一、总体要求\n(一)重点任务。{text}\n", doc_id)


@pytest.mark.parametrize("a, b", [
    ("著力做好北京冬奥会、冬残奥会、杭州亚运会的知识产权立体化保护", "做好北京2022年冬奥会和冬残奥会奥林匹克标志知识产权保护"),
    ("优化国内营商环境评价指标体系中的知识产权相关指标", "配合做好中国营商环境评价知识产权指标考核"),
])
def test_related_clauses_under_the_old_threshold_are_matched(a, b):
    """Two related pairs of the seeds that the old measure scored under 0.3 (0.27 and
    0.23 in the issue); a third (质押融资, 0.22) still scores under 0.3 (README)."""
    from conftest import guideline_2020, work_points_2022

    from ipcli.analyses.align import units_of
    docs = [guideline_2020(), work_points_2022()]
    report = compare(docs[:1], docs[1:])
    pair = next(p for p in report["matched"]["changed"] if a in p["a"]["text"])
    assert b in pair["b"]["text"] and pair["similarity"] >= 0.3
    context = [u.text for d in docs for u in units_of(d)]
    old = match_bench.scores_today([(True, pair["a"]["text"], pair["b"]["text"])], context)[0]
    assert old < 0.3


@pytest.mark.parametrize("a, b", [
    ("加快建设知识产权大数据中心。", "加快建设知识产权强国。"),
    ("建立健全知识产权风险预警机制。", "建立健全知识产权统计监测机制。"),
    ("推動出台促進知識產權服務業高質量發展的意見。", "推動出台加強知識產權糾紛調解工作的意見。"),
])
def test_clauses_sharing_only_their_framing_are_not_matched(a, b):
    report = compare([one_clause(a, "a")], [one_clause(b, "b")])
    assert report["matched"]["changed"] == []
    assert report["summary"]["added"] == report["summary"]["removed"] == 1


def test_moved_means_off_the_longest_in_order_chain():
    """B takes the first task to the end: only that one moved, the rest kept their order."""
    tasks = ["加强专利审查质量管理。", "推进商标注册便利化改革。", "深化地理标志保护合作。",
             "完善知识产权公共服务体系。"]
    before = parse_text("一、任务\n(一)重点。" + "".join(tasks) + "\n", "a")
    after = parse_text("一、任务\n(一)重点。" + "".join(tasks[1:] + tasks[:1]) + "\n", "b")
    report = compare([before], [after], segment=list)
    assert [m["a"]["text"] for m in report["moved"]] == [tasks[0]]
    assert report["summary"]["moved"] == 1 and report["summary"]["unchanged"] == 6
    moved = [p for p in report["matched"]["unchanged"] if p["moved"]]
    assert [p["a"]["text"] for p in moved] == [tasks[0]]


def test_a_clause_under_another_heading_in_order_is_not_moved():
    """The old report counted every pair whose heading path differed as moved."""
    before = parse_text("一、甲\n(一)乙。推进商标注册便利化改革。\n二、丙\n(二)丁。深化地理标志保护合作。\n", "a")
    after = parse_text("一、新甲\n(一)新乙。推进商标注册便利化改革。\n二、新丙\n(二)新丁。深化地理标志保护合作。\n", "b")
    report = compare([before], [after], segment=list)
    assert report["summary"]["unchanged"] == 2 and report["summary"]["moved"] == 0


def test_document_counts_hold_words_and_candidate_phrases():
    counts = keywords.document_counts([["加快", "研究", "构建", "数据", "知识产权", "保护", "规则", "。"],
                                       ["培育", "新质", "生产力", "。"]])
    assert counts["数据"] == 1 and counts["数据 知识产权"] == 1 and counts["新质 生产力"] == 1
    assert "加快" not in counts and "知识产权" not in counts and "。" not in counts
    assert "加快 研究" not in counts  # stop-words do not make phrases


def test_log_odds_z_matches_the_formula():
    """Monroe et al. 2008, eqs. 16-22, prior α_w = y_a + y_b: by hand for 0 → 4 of 100 words."""
    a, b = Counter({"其他词": 100}), Counter({"海牙协定": 4, "其他词": 96})
    shifts = keywords.shifts([a], [b])
    row = next(r for r in shifts["rising"] if r["term"] == "海牙协定")
    delta = math.log(8 / 292) - math.log(4 / 296)
    assert row == {"term": "海牙协定", "kind": "word", "a": 0, "b": 4,
                   "z": round(delta / math.sqrt(1 / 4 + 1 / 8), 2)}
    assert row["z"] == 1.15


def test_more_evidence_ranks_higher_and_phrases_recur():
    a = [Counter({"审查": 10, "宣传": 10})]
    b = [Counter({"审查": 10, "宣传": 10, "海牙协定": 2, "数据": 6, "新质": 6, "新质 生产力": 6,
                  "生产力": 6})]
    rising = [r["term"] for r in keywords.shifts(a, b)["rising"]]
    assert rising.index("新质生产力") < rising.index("海牙协定")
    assert "生产力" not in rising and "新质" not in rising  # only ever inside 新质生产力
    assert "数据" in rising


@pytest.mark.parametrize("word", ["政治", "学习", "办好", "印发", "功能", "增强", "加强", "知识产权"])
def test_generic_words_are_not_keywords(word):
    """The words the issue found among keyword shifts (data/stopwords.txt)."""
    assert not keywords.words.is_keyword(word)
    assert keywords.document_counts([[word, word, word]]) == Counter()


# --- features: the definition, and the fast form of it ----------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ipcli.analyses import similarity  # noqa: E402

_TOKENS = st.lists(st.sampled_from(
    ["加强", "专利", "质押", "融资", "。", "，", "知识产权", "的", "a", "Ａ", "_", " ", "—", "《", "》",
     "冬奥", "x_y", "1", "\x00", "质", "押", "推进", "和"]), max_size=14)


def _features_by_definition(tokens, stop):
    """The documented measure, written plainly: content tokens (not stop-words, some
    letter or ideograph), bigrams inside each run of them with marks removed (a run of
    one character counts as itself); stop-words only → everything instead."""
    def grams_of(kept):
        found, run = set(), []
        for token in [*kept, None]:
            if token is not None:
                run.append(token)
                continue
            text = "".join(ch for ch in "".join(run) if not similarity._NOT_TEXT.match(ch))
            found |= {text} if len(text) == 1 else {text[i:i + 2] for i in range(len(text) - 1)}
            run = []
        return found
    wordlike = [t if similarity._WORDLIKE.search(t) else None for t in tokens]
    content = [t if t is not None and t not in stop else None for t in wordlike]
    if grams_of(content):
        return grams_of(content), {t for t in content if t}
    return grams_of(wordlike), {t for t in wordlike if t}


@settings(max_examples=400, deadline=None)
@given(_TOKENS)
def test_features_follow_their_definition(tokens):
    stop = frozenset({"加强", "推进", "的", "和", "知识产权"})
    found = similarity.features(tokens, stop)
    assert (set(found.grams), set(found.words)) == _features_by_definition(tokens, stop)


def test_features_of_a_real_clause_and_shared_objects():
    stop = frozenset({"加强"})
    one = similarity.features(["加强", "专利", "质押", "融资", "。"], stop)
    assert one.grams == {"专利", "利质", "质押", "押融", "融资"} and one.words == {"专利", "质押", "融资"}
    two = similarity.features(["专利", "质押"], stop)  # a bigram is one object in every clause
    assert {id(g) for g in one.grams} >= {id(g) for g in two.grams}


@settings(max_examples=300, deadline=None)
@given(_TOKENS)
def test_packed_features_give_the_same_sets_back(tokens):
    found = similarity.features(tokens, frozenset({"加强", "的"}))
    packed = similarity.Packed.of(found)
    assert type(packed.grams) is tuple and packed.sets() == found


def test_clauses_aligned_from_packed_features_pair_as_from_sets():
    """``compare`` holds features packed (tuples); ``align`` makes a pair's sets as
    it compares, keeping a bounded number, and forgets them after the comparison."""
    from conftest import seed_paths

    from ipcli.analyses import align as A
    from ipcli.parse.parser import parse_file
    docs = [parse_file(p) for p in seed_paths()]
    a, b = A.units_of(docs[0]), A.units_of(docs[2])
    stop = frozenset({"加强", "推进", "的"})
    A.prepare(a + b, segment=list, stopwords=stop)
    expected = A.align(a, b, 0.3)
    packed_a, packed_b = A.units_of(docs[0]), A.units_of(docs[2])
    A.prepare(packed_a + packed_b, segment=list, stopwords=stop, packed=True)
    assert all(isinstance(u.features, similarity.Packed) for u in packed_a + packed_b)
    assert A.align(packed_a, packed_b, 0.3) == expected and len(expected) > 20
    assert 0 < len(A._SETS) <= A._SETS_KEPT
    held = {id(u.features): u.features for u in packed_a + packed_b}
    assert all(key in held and kept[0] is held[key] for key, kept in A._SETS.items())
    A.forget_sets()
    assert not A._SETS


def test_kept_sets_are_bounded(monkeypatch):
    from ipcli.analyses import align as A
    monkeypatch.setattr(A, "_SETS_KEPT", 5)
    packed = [similarity.Packed((f"g{i}",), (f"w{i}",)) for i in range(12)]
    made = [A._sets(p) for p in packed]
    assert [m.grams for m in made] == [frozenset({f"g{i}"}) for i in range(12)]
    assert len(A._SETS) <= 5 and all(kept[0] is p for p in packed
                                      for key, kept in A._SETS.items() if key == id(p))
    A.forget_sets()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=30), st.data())
def test_weights_count_every_clause_however_many_share_one_features_object(picks, data):
    """Clauses with the same text share one features object: counted once, times its
    occurrences, the weights are those of counting every clause."""
    items = st.frozensets(st.sampled_from(["专利", "质押", "融资", "商标", "保护"]), max_size=4)
    pool = [similarity.Features(data.draw(items), data.draw(items)) for _ in range(6)]
    pool += [similarity.Packed.of(f) for f in pool[:2]]
    clauses = [pool[i] for i in picks] + [pool[6]] * 3 + [pool[7]]

    def idf(sets):
        df = Counter(item for s in sets for item in s)
        return {t: math.log((len(sets) + 1) / (d + 1)) + 1.0 for t, d in df.items()}
    weights = similarity.Weights.of(clauses)
    assert weights.grams == idf([c.grams for c in clauses])
    assert weights.words == idf([c.words for c in clauses])


def test_keyword_counts_of_shared_cuts_equal_counting_every_clause():
    """``diff`` counts each distinct cut once, times the clauses holding it, in
    batches: the totals are those of counting every clause."""
    from ipcli.analyses.align import Unit
    from ipcli.analyses.diff import _counts
    cuts = [["加快", "研究", "构建", "数据", "知识产权", "保护", "规则"], ["深入", "开展", "地理", "标志"],
            ["数据", "知识产权", "保护"], ["推进", "专利", "质押", "融资"]]
    units = []
    for i in range(40):  # the same list object for the same text, as prepare gives them
        unit = Unit("d", str(i), "", "".join(cuts[i % 4] if i % 5 else cuts[0]))
        unit.tokens = cuts[i % 4] if i % 5 else cuts[0]
        units.append(unit)
    units.append(Unit("d", "x", "", "数据知识产权保护", tokens=["数据", "知识产权", "保护"]))
    expected = keywords.document_counts(u.tokens for u in units)
    for batch in (1, 2, 10_000):
        total = Counter()
        for counts in _counts(units, batch):
            total.update(counts)
        assert total == expected and sum(expected.values()) > 100
