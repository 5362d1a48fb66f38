"""The corpus folder's stored listing (issue 18, freshness in one pass): a warm run
whose scan has the digest of the last whole comparison takes ids, hashes and
summaries from the packed ``listings`` row, and never serves anything stale from it."""
from __future__ import annotations

import os
import sqlite3

import pytest
from conftest import SEEDS
from test_attacks_cache import cache_db, make_corpus

from ipcli.cli.session import Session
from ipcli.corpus import database, parsing


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    return make_corpus(tmp_path / "corpus", 3)


def _entries(corpus, **options) -> tuple[Session, list]:
    session = Session(str(corpus), warn=options.pop("warn", lambda m: None), **options)
    session.library.workers = 1  # in-process: monkeypatched parsing applies
    return session, [(e.id, e.path, e.sha256, e.summary) for e in session.entries([])]


def _no_comparison(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the file-by-file comparison ran")
    monkeypatch.setattr(database, "compare_files", refuse)


def test_a_warm_run_takes_the_listing_and_parses_nothing(corpus, monkeypatch):
    _, first = _entries(corpus)
    _, fresh = _entries(corpus, no_cache=True)
    assert first == fresh and len(first) == 15
    expected = _ledger(Session(str(corpus), no_cache=True))
    _no_comparison(monkeypatch)
    session, warm = _entries(corpus)
    assert warm == first
    assert session.library.added == 0
    assert _ledger(session) == expected and len(expected) > 20
    assert session.library.added == 0  # every document was known to be stored


def _ledger(session):
    from ipcli.analyses.ledger import Filters, ledger
    return ledger(session.library, session.entries([]), Filters())


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename", "chmod"])
def test_any_change_to_the_folder_is_seen(corpus, change):
    _entries(corpus)
    target = sorted(corpus.glob("*.txt"))[4]
    if change == "edit":  # same size, same mtime: only ctime tells
        stat = target.stat()
        data = target.read_bytes()
        target.write_bytes(data[:-3] + "改".encode())
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert target.stat().st_size == stat.st_size
    elif change == "add":
        (corpus / "aaa-new.txt").write_text("关于新增的通知\n一、总体要求\n", encoding="utf-8")
    elif change == "remove":
        target.unlink()
    elif change == "rename":
        target.rename(corpus / "zzz-renamed.txt")
    else:
        target.chmod(0o600)
    _, warm = _entries(corpus)
    _, fresh = _entries(corpus, no_cache=True)
    assert warm == fresh


def test_a_file_that_failed_is_tried_again(corpus, monkeypatch):
    victim = str(sorted(corpus.glob("*.txt"))[2])
    real = parsing.parse_job

    def flaky(job):
        return parsing.Parsed(job.path, error="Input/output error") if job.path == victim \
            else real(job)
    monkeypatch.setattr(parsing, "parse_job", flaky)
    warned = []
    _, first = _entries(corpus, warn=warned.append)
    assert victim not in [e[1] for e in first] and any("Input/output" in w for w in warned)
    warned.clear()
    _, second = _entries(corpus, warn=warned.append)  # still failing: said again
    assert second == first and any("Input/output" in w for w in warned)
    monkeypatch.setattr(parsing, "parse_job", real)
    _, fresh = _entries(corpus, no_cache=True)
    compared = []
    real_compare = database.compare_files

    def compare(conn, scanned, root):
        compared.append((len(scanned), root))
        return real_compare(conn, scanned, root)
    monkeypatch.setattr(database, "compare_files", compare)
    _, healed = _entries(corpus)  # the listing is used; only the failed file is looked at
    assert compared == [(1, None)]
    assert healed == fresh and victim in [e[1] for e in healed]


@pytest.mark.parametrize("damage", [
    # edits that still parse as JSON: only the checksum tells
    "UPDATE listings SET summaries = CAST(replace(CAST(summaries AS TEXT), '20', '19') AS BLOB)",
    "UPDATE listings SET entries = CAST(replace(CAST(entries AS TEXT), 'a', 'b') AS BLOB)",
    "UPDATE listings SET summaries = CAST(replace(CAST(summaries AS TEXT), '[', '[\"x\", ')"
    " AS BLOB)",
    # damage that does not parse, or is of the wrong type
    "UPDATE listings SET summaries = substr(summaries, 1, length(summaries) - 2)",
    "UPDATE listings SET entries = CAST(entries AS TEXT)",
    "UPDATE listings SET entries = NULL",
    "UPDATE listings SET checksum = checksum + 1",
    "UPDATE listings SET files = files + 1",
    # a document gone: the trigger forgets the listing
    "DELETE FROM documents WHERE rowid IN (SELECT rowid FROM documents LIMIT 2)"])
def test_a_damaged_listing_is_never_served(corpus, damage):
    _, first = _entries(corpus)
    with sqlite3.connect(cache_db(corpus.parent / "cache")) as conn:
        conn.execute(damage)
    session, warm = _entries(corpus)
    assert warm == first
    assert [r["text"] for r in _ledger(session)] == [
        r["text"] for r in _ledger(Session(str(corpus), no_cache=True))]


def test_a_listing_is_forgotten_when_a_document_row_changes(corpus):
    """The listing's summaries are copies of documents rows: an edit there (an analyst
    in sqlite3) is what the next run shows, not the copy."""
    _, first = _entries(corpus)
    sha = first[1][2]
    with sqlite3.connect(cache_db(corpus.parent / "cache")) as conn:
        conn.execute("UPDATE documents SET title = '改过的标题' WHERE sha256 = ?", (sha,))
        assert conn.execute("SELECT count(*) FROM listings").fetchone()[0] == 0
    _, warm = _entries(corpus)
    assert [e[3]["title"] for e in warm if e[2] == sha] == ["改过的标题"]
    assert [e[:3] for e in warm] == [e[:3] for e in first]


def test_names_that_cannot_be_stored_keep_the_file_by_file_way(tmp_path, monkeypatch):
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = (SEEDS / "cnipa-2022-work-points.txt").read_bytes()
    try:
        (corpus / os.fsdecode(b"notice-\xff.txt")).write_bytes(source)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses undecodable names")
    (corpus / "plain.txt").write_bytes(source + "补充\n".encode())
    _, first = _entries(corpus)
    _, again = _entries(corpus)
    assert first == again and len(first) == 2
    with sqlite3.connect(cache_db(tmp_path / "cache")) as conn:
        assert conn.execute("SELECT count(*) FROM listings").fetchone()[0] == 0


def test_the_digest_takes_any_inode_and_sees_every_number(corpus):
    """Inode and device numbers past 2**63 (some network file systems) still digest;
    each number of a file's signature changes it."""
    from types import SimpleNamespace

    session, _ = _entries(corpus)
    library = session.library
    base = dict(st_size=10, st_mtime_ns=1, st_ctime_ns=2, st_ino=3, st_dev=4,
                st_mode=0o100644, st_uid=0)
    library.corpus.stats = {"a.txt": SimpleNamespace(**base)}
    first = library._digest()
    seen = {first}
    for name in base:
        for value in (2**64 - 1, -5, base[name] + 1):
            library.corpus.stats = {"a.txt": SimpleNamespace(**{**base, name: value})}
            seen.add(library._digest())
    assert len(seen) == 1 + 3 * len(base)


def test_files_with_the_same_bytes_are_built_as_separate_documents(tmp_path, monkeypatch):
    """Two files, one content: each document keeps its own id and path (one object
    each, so naming the second cannot rename the first), in both batches' positions."""
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = (SEEDS / "cnipa-2022-work-points.txt").read_bytes()
    for name in ("a-copy.txt", "b-copy.txt", "c-other.txt"):
        (corpus / name).write_bytes(source if "copy" in name else source + "补充\n".encode())
    session = Session(str(corpus), warn=lambda m: None)
    entries = session.entries([])
    for batch in (1, 2, 200):
        docs = list(session.library.documents(entries, batch=batch))
        assert [d.id for d in docs] == ["a-copy", "b-copy", "c-other"]
        assert [os.path.basename(d.source.path) for d in docs] == [
            "a-copy.txt", "b-copy.txt", "c-other.txt"]
        assert docs[0] is not docs[1] and docs[0].nodes == docs[1].nodes
        flat = list(session.library.flat_documents(entries, batch=batch))
        assert [(d.id, os.path.basename(d.source.path)) for d, _ in flat] == [
            (d.id, os.path.basename(d.source.path)) for d in docs]
        assert flat[0][0] is not flat[1][0] and flat[0][1] == flat[1][1]


@pytest.mark.parametrize("reader", ["documents", "flat_documents"])
def test_rows_lost_after_the_listing_are_parsed_again(tmp_path, monkeypatch, reader):
    """Another process deletes a document's rows between this run's listing and its
    reading them: the file is parsed again and stored, and the result is the same."""
    from ipcli.model import flat_nodes
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    session = Session(str(SEEDS), warn=lambda m: None)
    entries = session.entries([])
    expected = list(session.library.documents(entries))
    with sqlite3.connect(cache_db(tmp_path / "cache")) as conn:
        conn.execute("DELETE FROM documents WHERE sha256 = ?", (entries[1].sha256,))
    got = list(getattr(session.library, reader)(entries))
    if reader == "documents":
        assert got == expected
    else:
        assert [(d.id, d.meta, n) for d, n in got] == [(d.id, d.meta, flat_nodes(d))
                                                       for d in expected]
    with sqlite3.connect(cache_db(tmp_path / "cache")) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE sha256 = ?",
                            (entries[1].sha256,)).fetchone() == (1,)


def test_a_document_collected_while_the_listing_is_written_is_not_named(corpus, monkeypatch):
    """Another process collects a document after this run read it and before it stores
    the listing (a file of it was out of sight for a moment): the listing is not
    stored, so the next run compares and parses it again instead of leaving its tasks
    out on every run (found by an adversarial review: two processes, a folder moved
    away and back)."""
    from ipcli.corpus.library import Library
    expected = _ledger(Session(str(corpus), no_cache=True))
    real = Library._remember

    def collected_meanwhile(self, root, digest, items):
        with sqlite3.connect(cache_db(corpus.parent / "cache")) as other:
            other.execute("DELETE FROM documents WHERE rowid IN "
                          "(SELECT rowid FROM documents ORDER BY sha256 LIMIT 1)")
        return real(self, root, digest, items)
    monkeypatch.setattr(Library, "_remember", collected_meanwhile)
    _entries(corpus)
    with sqlite3.connect(cache_db(corpus.parent / "cache")) as conn:
        assert conn.execute("SELECT count(*) FROM listings").fetchone() == (0,)
    monkeypatch.setattr(Library, "_remember", real)
    for _ in range(2):  # the first repairs and stores the listing, the second uses it
        session, warm = _entries(corpus)
        assert _ledger(session) == expected


@pytest.mark.parametrize("edit", [
    "DROP TRIGGER listings_forget_deleted; DELETE FROM documents WHERE year = 2020",
    "DROP TRIGGER listings_forget_updated; UPDATE documents SET title = 'x'",
    "DROP TABLE listings; CREATE TABLE listings (root TEXT PRIMARY KEY, digest TEXT, "
    "files INTEGER)"])
def test_a_listing_outliving_its_triggers_or_shape_is_dropped(corpus, edit):
    """Triggers dropped by hand, rows changed meanwhile: the listing is forgotten when
    the database is next opened (search said "internal error" on every run); a
    listings table of another shape is made again (it disabled the cache for good)."""
    _, first = _entries(corpus)
    with sqlite3.connect(cache_db(corpus.parent / "cache")) as conn:
        conn.executescript(edit)
    fresh = Session(str(corpus), no_cache=True)

    def search(session):
        found = session.searcher().search("知识产权", session.entries([]),
                                          session.library.ensure)
        return found.total, [(h.doc, h.node) for h in found.hits]
    warned = []
    assert search(Session(str(corpus), warn=warned.append)) == search(fresh)
    session, warm = _entries(corpus, warn=warned.append)
    expected = [(e.id, e.path, e.sha256, e.summary) for e in fresh.entries([])]
    tasks = _ledger(fresh)
    if "title = 'x'" in edit:  # what the documents table now says, not the old copy
        expected = [(*e[:3], {**e[3], "title": "x"}) for e in expected]
        tasks = [{**t, "title": "x"} for t in tasks]
    assert warm == expected
    assert _ledger(session) == tasks
    assert all("search index" in w for w in warned)  # rows gone by hand: it is rebuilt
    assert bool(warned) == ("DELETE" in edit)
    with sqlite3.connect(cache_db(corpus.parent / "cache")) as conn:
        assert conn.execute("SELECT count(*) FROM listings").fetchone() == (1,)
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                           "'trigger'")} == {"listings_forget_inserted",
                                                             "listings_forget_deleted",
                                                             "listings_forget_updated"}


def test_a_few_summaries_of_many_are_read_by_row_not_unpacked(corpus, monkeypatch):
    """``search`` shows 20 hits of 10,000 notices: their summaries come from their
    documents rows; unpacking every summary of the listing is for many entries."""
    from ipcli.corpus.library import fill_summaries
    _entries(corpus)
    fresh = {e.id: e.summary for e in Session(str(corpus), no_cache=True).entries([])}
    unpacked = []
    real = database.Listing.summaries
    monkeypatch.setattr(database.Listing, "summaries",
                        lambda self: unpacked.append(1) or real(self))
    warm = Session(str(corpus)).entries([])
    assert len(warm) == 15
    fill_summaries([warm[7]])  # 1 × 8 < 15: by row
    assert not unpacked and warm[7].summary == fresh[warm[7].id]
    assert all(e._summary is None for e in warm if e is not warm[7])
    fill_summaries(warm[:2])  # 2 × 8 ≥ 15: the whole listing at once
    assert unpacked == [1]
    assert {e.id: e.summary for e in warm} == fresh and unpacked == [1]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_size_limit_applies_to_stored_files_as_to_new_ones(corpus, monkeypatch, how):
    """A file parsed under a larger limit is not served from the cache under a smaller
    one: the same result as ``--no-cache`` (the same warnings, nothing listed)."""
    def listed(**options):
        warned = []
        session, found = _entries(corpus, warn=warned.append, **options)
        return [e[0] for e in found], warned
    everything, _ = listed()
    assert len(everything) == 15
    if how == "option":
        small = {"max_file_size": "1K"}
    else:
        monkeypatch.setenv("IPCLI_MAX_FILE_SIZE", "1K")
        small = {}
    for options in ({**small, "no_cache": True}, small, small):  # fresh, then the cache twice
        ids, warned = listed(**options)
        assert ids == [] and len(warned) == 15
        assert all("KB, over the 1 KB limit" in w for w in warned)
    monkeypatch.delenv("IPCLI_MAX_FILE_SIZE", raising=False)
    assert listed()[0] == everything


def _stored(corpus) -> tuple[int, int]:
    with sqlite3.connect(cache_db(corpus.parent / "cache")) as conn:
        return (conn.execute("SELECT count(*) FROM files").fetchone()[0],
                conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def _search(session):
    found = session.searcher().search("知识产权", session.entries([]), session.library.ensure)
    return found.total, [(h.doc, h.node, h.score) for h in found.hits]


def test_a_file_edited_then_named_alone_leaves_no_old_version(corpus):
    """Edited five times, each time viewed by id (``show n00000``): the database
    kept every old version for good (9 files, 14 documents), and search scores and
    the README's department_counts query then differed from a fresh run."""
    _entries(corpus)
    target = sorted(corpus.glob("*.txt"))[0]
    for n in range(5):
        with target.open("a", encoding="utf-8") as out:
            out.write(f"七、新增事项{n}。(知识产权保护司负责)\n")
        Session(str(corpus), warn=lambda m: None).entries([target.stem])
    _entries(corpus)
    files, documents = _stored(corpus)
    assert documents <= files == 15
    assert _search(Session(str(corpus), warn=lambda m: None)) == _search(
        Session(str(corpus), no_cache=True))


@pytest.mark.parametrize("where", ["outside", "hidden"])
def test_a_file_named_by_path_outside_the_scan_does_not_stay(corpus, tmp_path, where):
    """``ipcli diff 2020 ../draft.txt`` (or a file in a hidden folder of the corpus)
    stored its document for good: the next whole runs took the stored listing, so
    its rows weighed in every later search score and count."""
    _entries(corpus)
    folder = tmp_path / "drafts" if where == "outside" else corpus / ".drafts"
    folder.mkdir()
    draft = folder / "draft.txt"
    draft.write_bytes((SEEDS / "cnipa-2020-rights-aid-opinion.txt").read_bytes())
    assert len(Session(str(corpus), warn=lambda m: None).entries([str(draft)])) == 1
    assert _stored(corpus)[0] == 16
    draft.unlink()
    _entries(corpus)
    assert _stored(corpus) == (15, 15)
    assert _search(Session(str(corpus), warn=lambda m: None)) == _search(
        Session(str(corpus), no_cache=True))


def test_a_file_edited_by_another_run_between_listing_and_query(corpus):
    """Run A lists the corpus; a file is edited and run B (a whole run) drops the old
    content; A then queries. A said "internal error" (KeyError in the ledger, a
    false "search index damaged") or counted a document it had not selected."""
    target = sorted(corpus.glob("*.txt"))[2]
    _entries(corpus)
    first = Session(str(corpus), warn=lambda m: None)
    entries = first.entries([])
    with target.open("a", encoding="utf-8") as out:
        out.write("五、新增一条。(知识产权保护司牵头)\n")
    _entries(corpus)  # run B
    fresh = Session(str(corpus), no_cache=True)
    assert _ledger_of(first, entries) == _ledger(fresh)
    assert first.searcher().search("知识产权", entries, first.library.ensure).total == \
        fresh.searcher().search("知识产权", fresh.entries([]), fresh.library.ensure).total


def _ledger_of(session, entries):
    from ipcli.analyses.ledger import Filters, ledger
    return ledger(session.library, entries, Filters())
