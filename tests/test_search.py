"""Search: exact recall, script/width insensitivity, ranking, syntax, the index."""
from __future__ import annotations

import json
import re

import pytest
from conftest import SEEDS, parsed, rights_aid_2020, seed_paths, work_points_2022
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcli.analyses.search import Searcher, parse_query
from ipcli.corpus.store import Store
from ipcli.text.normalize import normalize_query

QUERIES = ["海关", "保护中心", "维权援助", "質押融資", "数据知识产权", "知识产权", "TISC", "一带一路",
           "2020", "蓝天", "国家知识产权局", "海"]


def docs():
    return [parsed(p) for p in seed_paths()]


WIDTHS = str.maketrans("，（）：；！？", ",():;!?")  # printed → normalised forms (width-insensitive)


def oracle(query: str) -> set[tuple[str, str]]:
    needle = normalize_query(query).casefold()
    return {(d.id, n.id) for d in docs() for n in d.walk()
            if needle in n.text.casefold().translate(WIDTHS)}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("cache"), warn=print)
    return Searcher(store)


@pytest.mark.parametrize("query", QUERIES)
def test_exact_recall(searcher, query):
    results = searcher.search_documents(query, docs())
    got = {(h.doc, h.node) for h in results.hits}
    assert got == oracle(query) and results.total == len(got)
    assert got, "each probe query occurs somewhere"


def test_two_character_query_finds_longer_words(searcher):
    hits = searcher.search_documents("海关", docs()).hits
    assert any("海关总署" in parsed_node(h).text for h in hits)


def parsed_node(hit):
    doc = next(d for d in docs() if d.id == hit.doc)
    return doc.find(hit.node)


def test_traditional_query_gives_the_same_hits_and_the_opinion_ranks_first(run_cli):
    simplified = json.loads(run_cli("--corpus", SEEDS, "search", "维权援助", "-f", "json").out)
    traditional = json.loads(run_cli("--corpus", SEEDS, "search", "維權援助", "-f", "json").out)
    assert simplified["hits"] == traditional["hits"]
    assert simplified["hits"][0]["doc"] == rights_aid_2020().id


def test_year_selector(run_cli):
    data = json.loads(run_cli("--corpus", SEEDS, "search", "数据知识产权", "2022", "-f", "json").out)
    assert data["total"] >= 1 and {h["doc"] for h in data["hits"]} == {work_points_2022().id}


def test_and_phrase_and_exclusion(searcher):
    both = {(h.doc, h.node) for h in searcher.search_documents("海关 知识产权", docs()).hits}
    assert both == oracle("海关") & oracle("知识产权")
    without = {(h.doc, h.node) for h in searcher.search_documents("知识产权 -海关", docs()).hits}
    assert without == oracle("知识产权") - oracle("海关")
    quoted = searcher.search_documents('"一带 一路"', docs())
    assert quoted.total == 0  # the phrase with a space does not occur


def test_terms_with_punctuation_are_checked_exactly(searcher):
    query = "《关于强化知识产权保护的意见》"
    assert {(h.doc, h.node) for h in searcher.search_documents(query, docs()).hits} == oracle(query)
    excluded = {(h.doc, h.node) for h in searcher.search_documents("知识产权 -海关,", docs()).hits}
    assert excluded == oracle("知识产权") - oracle("海关,")


def test_width_and_case_insensitive(searcher):
    assert {(h.doc, h.node) for h in searcher.search_documents("ｔｉｓｃ", docs()).hits} == oracle("TISC")


def test_filters(searcher):
    items = searcher.search_documents("知识产权", docs(), kind="item").hits
    assert items and {h.kind for h in items} == {"item"}
    customs = searcher.search_documents("知识产权", docs(), dept="海关总署").hits
    assert customs and all("海关总署" in h.departments for h in customs)


def test_snippets_mark_the_matches(searcher):
    for hit in searcher.search_documents("维权援助", docs()).hits:
        for start, end in hit.snippet_matches:
            assert hit.snippet[start:end] == "维权援助"


def test_limit_and_total(searcher):
    results = searcher.search_documents("知识产权", docs(), limit=3)
    assert len(results.hits) == 3 and results.total == len(oracle("知识产权"))
    scores = [h.score for h in searcher.search_documents("知识产权", docs()).hits]
    assert scores == sorted(scores, reverse=True)


def test_empty_or_only_excluded_queries_are_errors(run_cli):
    assert run_cli("search", "--", "-海关").code == 2
    assert run_cli("search", "  ").code == 2
    assert run_cli("--corpus", SEEDS, "search", "不存在的词语").code == 1


def test_the_index_follows_edits_and_keys_have_their_own_files(tmp_path):
    from ipcli.parse.parser import parse_text
    store = Store.open(tmp_path, warn=print, key="k1")
    first = parse_text("一、总体要求\n加强海关协作。", "n", sha256="a")
    searcher = Searcher(store)
    assert searcher.search_documents("海关", [first]).total == 1
    edited = parse_text("一、总体要求\n加强数据协作。", "n", sha256="b")
    assert searcher.search_documents("海关", [edited]).total == 0
    assert searcher.search_documents("数据", [edited]).total == 1
    conn = store.connection()
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    other = Store.open(tmp_path, warn=print, key="k2")
    Searcher(other).search_documents("数据", [edited])
    assert other.path != store.path and other.path.exists()
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2  # untouched


def test_without_a_cache_search_still_works(run_cli):
    data = json.loads(run_cli("--no-cache", "--corpus", SEEDS, "search", "海关", "-f", "json").out)
    assert {(h["doc"], h["node"]) for h in data["hits"]} == oracle("海关")


def test_index_command(run_cli):
    result = run_cli("--corpus", SEEDS, "index")
    assert result.code == 0 and "indexed 5 new" in result.err
    assert "indexed 0 new" in run_cli("--corpus", SEEDS, "index").err
    assert "rebuilt the search index of 5 document(s)" in run_cli("--corpus", SEEDS, "index",
                                                                 "--rebuild").err


def test_query_parsing():
    terms = parse_query('維權 "知识 产权" -海外 “数据 规则”')
    assert [(t.text, t.exclude) for t in terms] == [
        ("维权", False), ("知识 产权", False), ("海外", True), ("数据 规则", False)]
    full_width = parse_query('維權 ＂知识 产权＂ －海外 「数据 规则」')
    assert [(t.text, t.exclude) for t in full_width] == [(t.text, t.exclude) for t in terms]


@pytest.mark.parametrize("query", ["维权援助 维权援助", "维权援助 維權援助", "维权援助 ＂维权援助＂",
                                   "维权援助 -海外 －海外"])
def test_a_term_given_twice_counts_once(searcher, query):
    """Not ``突出[[维权援助]][[维权援助]]工作重点`` with the score doubled."""
    once = searcher.search_documents(query.split()[0] + " -海外" * ("海外" in query), docs())
    twice = searcher.search_documents(query, docs())
    assert [h.to_dict() for h in twice.hits] == [h.to_dict() for h in once.hits]
    assert twice.total == once.total > 0
    assert all(len(h.snippet_matches) == h.snippet.count("维权援助") for h in twice.hits)


TEXTS = [n.text for p in seed_paths() for n in parsed(p).walk()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_search_finds_every_node_containing_any_substring(searcher, data):
    text = data.draw(st.sampled_from(TEXTS).filter(lambda t: len(t) > 8))
    start = data.draw(st.integers(0, len(text) - 2))
    query = text[start:start + data.draw(st.integers(1, 6))]
    if not query.strip() or any(c.isspace() for c in query) or query.startswith("-") \
            or '"' in query or "“" in query:
        return  # a single term: whitespace separates AND-ed terms (tested above)
    got = {(h.doc, h.node) for h in searcher.search_documents(query, docs()).hits}
    assert got == oracle(query)


def test_dept_keeps_only_matches_inside_a_clause_assigned_to_it(run_cli, tmp_path):
    """Issue 21 point 6: a node with some task of X is not enough; the match must lie in
    X's clause (the task text through its tag), in either script and width."""
    (tmp_path / "plan-2023.txt").write_text(
        "一、重点任务\n"
        "1、建设维权援助中心。（公共服务司负责）健全知识产权保护体系。（保护司负责）\n"
        "2、加强維權援助工作,统一服务标准。(保護司負責)开展业务培训。（公共服务司负责）\n"
        "3、开展维权援助宣传。（公共服务司负责）\n", encoding="utf-8")
    result = run_cli("--corpus", tmp_path, "search", "维权援助", "--dept", "保护司", "-f", "json")
    assert result.code == 0, result
    hits = json.loads(result.out)["hits"]
    assert [h["node"] for h in hits] == ["1.2"]
    assert "加强维权援助工作，统一服务标准。（保护司负责）" in hits[0]["snippet"]
    everyone = json.loads(run_cli("--corpus", tmp_path, "search", "维权援助", "-f", "json").out)
    assert sorted(h["node"] for h in everyone["hits"]) == ["1.1", "1.2", "1.3"]
    public = run_cli("--corpus", tmp_path, "search", "维权援助", "--dept", "公共服务司", "-f", "json")
    assert sorted(h["node"] for h in json.loads(public.out)["hits"]) == ["1.1", "1.3"]
    none = run_cli("--corpus", tmp_path, "search", "业务培训", "--dept", "保护司", "-f", "json")
    assert none.code == 1


@pytest.mark.parametrize("copies", [5, 30, 700])  # ties within the window, and past it
def test_the_best_hits_bring_every_hit_tied_with_the_last(copies):
    import sqlite3

    from ipcli.corpus import searchindex
    conn = sqlite3.connect(":memory:")
    searchindex.create(conn)
    texts = ["知识产权保护"] * copies + ["知识产权保护工作的重点任务和分工"] * 40 + ["知识产权"] * 3
    conn.executemany(f"INSERT INTO {searchindex.LIVE} (rowid, title, body) VALUES (?, '', ?)",
                     [(i + 1, searchindex.bigrams(t)) for i, t in enumerate(texts)])
    expression = searchindex.phrase("知识产权")
    everything = searchindex.ranked(conn, expression)
    for limit in (1, 5, 20):
        best = searchindex.ranked(conn, expression, limit)
        last = everything[limit - 1][1]
        assert best == [r for r in everything if r[1] >= last]
        assert len(best) >= limit


def test_a_term_in_most_nodes_is_ranked_and_its_scores_are_not_shown_as_zero(run_cli):
    """FTS5 floors bm25's IDF at 1e-6 for a term in over half of the nodes: the hits are
    still ranked (more occurrences in a shorter node first), and the scores must not
    read 0.0 as if there were no ranking."""
    found = json.loads(run_cli("--corpus", SEEDS, "search", "知识产权", "-f", "json").out)
    scores = [h["score"] for h in found["hits"]]
    assert found["total"] > 100 and all(0 < s < 1e-3 for s in scores)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 5
    table = run_cli("--corpus", SEEDS, "search", "知识产权", "--limit", "3").out
    assert re.search(r"^\d\.\de-0\d  ", table, re.M) and "0.00" not in table
    specific = json.loads(run_cli("--corpus", SEEDS, "search", "维权援助", "-f", "json").out)
    assert specific["hits"][0]["score"] == round(specific["hits"][0]["score"], 4) > 1


@pytest.mark.parametrize("score, json_value, shown", [
    (10.22461, 10.2246, "10.22"), (0.0, 0.0, "0.00"), (2.0934e-06, 2.09e-06, "2.1e-06"),
    (0.00731, 0.0073, "0.01"), (0.0004567, 0.000457, "4.6e-04")])
def test_scores_keep_their_digits(score, json_value, shown):
    from ipcli.analyses.search import score_text, shown_score
    assert shown_score(score) == json_value and score_text(json_value) == shown
