"""The corpus database gives exactly what a fresh parse gives (issue 18).

- documents read back from their rows equal the parsed documents;
- the indexed queries (ledger, matrix, unknown names, mentions) equal the
  reference versions over ``Document`` objects (``analyses.workload``);
- every command's JSON from a warm database equals a fresh ``--no-cache`` run,
  on the seeds and on a generated corpus with tables in Word and Excel files.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import sys

import pytest
from conftest import ROOT, SEEDS, seed_paths
from test_attacks_input import ipcli

from ipcli.analyses import ledger, workload
from ipcli.cli.session import Session
from ipcli.corpus.rows import document_of, document_rows
from ipcli.parse.parser import parse_file

FIXTURES = ROOT / "tests" / "fixtures" / "readers"


@pytest.mark.parametrize("path", [*seed_paths(), FIXTURES / "fengong.xlsx",
                                  FIXTURES / "fengong.docx"], ids=lambda p: p.name)
def test_rows_give_the_document_back(path):
    doc = parse_file(path)
    rows = document_rows(doc)
    back = document_of(rows.document, rows.nodes, rows.tasks, rows.departments, rows.warnings)
    back.id, back.source.path = doc.id, doc.source.path
    assert back == doc


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """60 generated notices (benchmarks/gencorpus.py), the seeds and the table fixtures."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import gencorpus
    folder = tmp_path_factory.mktemp("gen") / "corpus"
    gencorpus.generate(folder, 60, seed=11)
    for path in [*seed_paths(), *FIXTURES.glob("fengong.*"), FIXTURES / "guideline.docx"]:
        shutil.copy(path, folder / path.name)
    return folder


def test_rows_give_every_generated_document_back(generated):
    """Documents built straight from rows equal the parse, for 60 generated notices
    (tables, wrapped titles, tasks with several departments, warnings, dropped lines)."""
    checked = 0
    for path in sorted(p for p in generated.rglob("*") if p.is_file()):
        doc = parse_file(path)
        rows = document_rows(doc)
        back = document_of(rows.document, rows.nodes, rows.tasks, rows.departments, rows.warnings)
        back.id, back.source.path = doc.id, doc.source.path
        assert back == doc, path.name
        assert back.to_dict() == doc.to_dict()
        checked += bool(rows.tasks)
    assert checked > 40


def test_flat_rows_give_every_generated_document_s_flat_nodes(generated):
    """What ``diff`` reads from rows (no tree) equals what the parsed tree gives, and
    so do the clauses cut from it, for the seeds, 60 generated notices and tables."""
    from ipcli.analyses.align import units_of
    from ipcli.corpus.rows import flat_document_of
    from ipcli.model import flat_nodes
    clauses = 0
    for path in sorted(p for p in generated.rglob("*") if p.is_file()):
        doc = parse_file(path)
        rows = document_rows(doc)
        columns = [(n[0], n[1], n[2], n[4], n[5], n[7], n[8]) for n in rows.nodes]
        bare, flat = flat_document_of(rows.document, columns, rows.tasks, rows.departments)
        bare.id = doc.id
        assert flat == flat_nodes(doc), path.name
        assert (bare.meta, bare.source.sha256, bare.nodes) == (doc.meta, doc.source.sha256, [])
        units = units_of(bare, flat)
        assert units == units_of(doc), path.name
        clauses += len(units)
    assert clauses > 3000


def test_tasks_stored_out_of_order_are_parsed_again(tmp_path, monkeypatch):
    """Tasks are read in the order of their numbers (the index, no sort); a row whose
    number and seq disagree is damage: the document is parsed again, never misread."""
    session = _session(SEEDS, tmp_path, monkeypatch)
    entries = session.entries([])
    expected = [(d.id, d.to_dict()) for d in session.library.documents(entries)]
    flat_expected = [(d.id, n) for d, n in session.library.flat_documents(entries)]
    path = next(tmp_path.glob("*.sqlite"))
    with sqlite3.connect(path) as conn:
        sha, first = conn.execute("SELECT sha256, min(task) FROM tasks GROUP BY sha256 "
                                  "HAVING count(*) > 2 LIMIT 1").fetchone()
        conn.execute("UPDATE tasks SET seq = 1 - seq WHERE task IN (?, ?)", (first, first + 1))
    for flat in (False, True):
        session = _session(SEEDS, tmp_path, monkeypatch)
        entries = session.entries([])
        damaged = [e.id for e in entries if e.sha256 == sha]
        assert damaged
        if flat:
            assert [(d.id, n) for d, n in session.library.flat_documents(entries)] == flat_expected
        else:
            assert [(d.id, d.to_dict()) for d in session.library.documents(entries)] == expected
        with sqlite3.connect(path) as conn:  # stored again, in order
            seqs = [r[0] for r in conn.execute("SELECT seq FROM tasks WHERE sha256 = ? "
                                               "ORDER BY task", (sha,))]
        assert seqs == list(range(len(seqs))) and len(seqs) > 2
        with sqlite3.connect(path) as conn:  # damaged again for the other reader
            first = conn.execute("SELECT min(task) FROM tasks WHERE sha256 = ?",
                                 (sha,)).fetchone()[0]
            conn.execute("UPDATE tasks SET seq = 1 - seq WHERE task IN (?, ?)",
                         (first, first + 1))


def _session(corpus, tmp_path, monkeypatch) -> Session:
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path))
    return Session(str(corpus))


@pytest.mark.parametrize("corpus", ["seeds", "generated"])
def test_queries_equal_the_reference_over_documents(corpus, generated, tmp_path, monkeypatch):
    folder = SEEDS if corpus == "seeds" else generated
    session = _session(folder, tmp_path, monkeypatch)
    entries = session.entries([])
    docs = list(session.library.documents(entries))
    registry = session.registry
    assert ledger.matrix(session.library, entries) == workload.matrix(docs)
    assert ledger.unknown_names(session.library, entries) == workload.unknown_names(docs)
    names = {d.canonical or d.name for doc in docs for _, _, d in doc.assignments()}
    checked = 0
    for name in sorted(names)[:40]:
        target = workload.resolve_department(name, registry)
        for role in (None, "lead"):
            fields = workload.TASK_FIELDS
            reference = workload.tasks_of(docs, target, role)
            rows = ledger.public(ledger.ledger(session.library, entries,
                                               ledger.Filters([target], role)))
            assert [{k: r[k] for k in fields} for r in rows] == reference, (name, role)
            checked += len(reference)
        reference = workload.mentions_of(docs, target, registry)
        assert ledger.mentions(session.library, entries, target, registry) == reference
    assert checked > 20
    every = ledger.ledger(session.library, entries, ledger.Filters())
    assert len(every) == sum(len(n.tasks) for d in docs for n in d.walk())


def test_the_csv_matrix_equals_the_reference_with_repeated_contents_and_a_subset(
        generated, tmp_path, monkeypatch):
    """``matrix(per_document=False)`` (the ``depts -f csv`` query: per-department
    ``group_concat`` cells) gives the reference's cells and sums: over every document,
    with one content in three files (each file its own column, its tasks counted
    three times), and over a selection (only the selected documents summed)."""
    folder = tmp_path / "corpus"
    shutil.copytree(generated, folder)
    twice = folder / "sc-2021-fyp14-plan-excerpt.txt"
    assert twice.exists()
    for copy in ("a-copy.txt", "z-copy.txt"):
        shutil.copy(twice, folder / copy)
    session = _session(folder, tmp_path / "cache", monkeypatch)
    for selectors in ([], ["2020", "z-copy", "sc-2021-fyp14-plan-excerpt", "a-copy"]):
        entries = session.entries(selectors)
        ids = [e.id for e in entries]
        docs = list(session.library.documents(entries))
        twins = [e.id for e in entries if e.sha256 == entries[ids.index("a-copy")].sha256]
        assert sorted(twins) == ["a-copy", "sc-2021-fyp14-plan-excerpt", "z-copy"]
        reference = ledger.matrix_columns(workload.matrix(docs), ids)
        cells = ledger.matrix_columns(ledger.matrix(session.library, entries, False), ids)
        assert cells == reference, selectors
        assert len(reference) > 20 and all(sum(map(int, r[6:])) == r[5] for r in reference)


COMMANDS = [["list", "-f", "json"], ["extract", "-f", "json"], ["extract", "--long", "-f", "json"],
            ["extract", "--dept", "保护司", "-f", "json"],
            ["extract", "--dept", "国家知识产权局", "--mentions", "-f", "json"],
            ["extract", "--unknown-only", "-f", "json"], ["depts", "-f", "json"],
            ["depts", "--unknown", "-f", "json"], ["search", "知识产权", "-f", "json"],
            ["search", "维权援助 -海外", "--limit", "0", "-f", "json"],
            ["search", "保护", "--kind", "item", "-f", "json"], ["check", "-f", "json"],
            ["show", "cnipa-2020-hq-guideline", "-f", "json"]]


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["seeds", "generated"])
def test_every_command_gives_what_a_fresh_run_gives(corpus, generated, tmp_path):
    folder = SEEDS if corpus == "seeds" else generated
    for args in COMMANDS:
        fresh = ipcli("--no-cache", "--corpus", folder, *args, cache=tmp_path / "none")
        ipcli("--corpus", folder, *args, cache=tmp_path / "db")  # fills the database
        warm = ipcli("--corpus", folder, *args, cache=tmp_path / "db")
        assert fresh.returncode == warm.returncode and fresh.returncode in (0, 1), args
        assert json.loads(warm.stdout) == json.loads(fresh.stdout), args


def test_a_long_parse_reports_progress_in_a_log(tmp_path, monkeypatch):
    from ipcli.corpus import parsing
    lines = []
    clock = iter(range(0, 1000, 3))  # every item takes 3 "seconds"
    monkeypatch.setattr(parsing.time, "monotonic", lambda: next(clock))
    items = list(parsing.log_progress(range(10), "parsing", 10, lines.append))
    assert items == list(range(10))
    assert lines and lines[0].startswith("parsing: 2/10 (20%), 6 s")


README_QUERIES = [
    # every task of 知识产权保护司, with its document and role
    "SELECT f.id, t.node, td.role, t.text FROM task_departments td "
    "JOIN tasks t USING (task) JOIN files f USING (sha256) "
    "WHERE td.canonical = '知识产权保护司' ORDER BY f.id, t.seq",
    # tasks per department by role, busiest first
    "SELECT department, sum(lead), sum(responsible), sum(participant), sum(total) AS tasks "
    "FROM department_counts GROUP BY department ORDER BY tasks DESC LIMIT 10",
]


def test_db_path_and_a_clean_export_answer_the_readme_queries(tmp_path):
    import sqlite3
    path = ipcli("--corpus", SEEDS, "db", "path", cache=tmp_path / "c")
    assert path.returncode == 0
    live = sqlite3.connect(path.stdout.decode().strip())
    target = tmp_path / "shared.sqlite"
    exported = ipcli("--corpus", SEEDS, "export", "--sqlite", target, cache=tmp_path / "c")
    assert exported.returncode == 0 and b"exported 5 document(s)" in exported.stderr
    copy = sqlite3.connect(target)
    for query in README_QUERIES:
        assert copy.execute(query).fetchall() == live.execute(query).fetchall()
    assert copy.execute(README_QUERIES[0]).fetchall()[0][:3] == (
        "cnipa-2020-hq-guideline", "3.6", "responsible")
    paths = [r[0] for r in copy.execute("SELECT path FROM files ORDER BY path")]
    assert paths[0] == "cnipa-2020-hq-guideline.txt" and len(paths) == 5
    assert copy.execute("SELECT count(*) FROM files WHERE inode IS NOT NULL").fetchone() == (0,)
    assert live.execute("SELECT count(*) FROM listings").fetchone() == (1,)
    assert copy.execute("SELECT count(*) FROM listings").fetchone() == (0,)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f'sqlite3 "$(ipcli db path)" "{q}"' in readme for q in README_QUERIES)


def test_the_readme_documents_every_table_and_no_other(tmp_path):
    """The schema table under "Query the corpus directly" names exactly the tables a
    cache has (a ``words`` table was documented as "filled by diff" and never was)."""
    import re
    import sqlite3
    path = ipcli("--corpus", SEEDS, "db", "path", cache=tmp_path / "c").stdout.decode().strip()
    stored = {r[0] for r in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts_%'")}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| table | one row per |"):]
    table = table[:table.index("\n\n")]
    documented = {name for row in table.splitlines()[2:]
                  for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    assert documented == stored


def test_an_old_cache_loses_its_empty_words_table_and_keeps_its_documents(tmp_path):
    import sqlite3
    path = ipcli("--corpus", SEEDS, "db", "path", cache=tmp_path / "c").stdout.decode().strip()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE words (sha256 TEXT, word TEXT, count INTEGER, "
                     "PRIMARY KEY (sha256, word)) WITHOUT ROWID")
        created = conn.execute("SELECT sha256, created FROM documents ORDER BY 1").fetchall()
    listed = ipcli("--corpus", SEEDS, "list", "-f", "json", cache=tmp_path / "c")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 5
    with sqlite3.connect(path) as conn:
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'words'").fetchone()
        assert conn.execute("SELECT sha256, created FROM documents ORDER BY 1").fetchall() \
            == created  # nothing parsed again


def test_parsing_in_workers_keeps_order_and_runs_only_a_few_chunks_ahead():
    """``parse_all`` on a pool yields results in the jobs' order, and never has more
    than ``ahead`` chunks submitted but not yet taken (a writer slower than the
    parsers once let 10,000 notices' rows pile up: 451 MiB)."""
    from concurrent.futures import Future

    from ipcli.corpus import parsing

    class Pool:  # runs each chunk at once; counts chunks submitted and not yet taken
        def __init__(self):
            self.waiting, self.most, self.chunks = 0, 0, []

        def submit(self, fn, jobs):
            pool, self.waiting = self, self.waiting + 1
            self.most = max(self.most, self.waiting)
            self.chunks.append(len(jobs))

            class Taken(Future):
                def result(self, timeout=None):
                    pool.waiting -= 1
                    return super().result(timeout)
            future = Taken()
            future.set_result(fn(jobs))
            return future

    pool = Pool()
    jobs = [parsing.Job(f"/nonexistent/n{i:03}.txt", f"n{i:03}", None, None) for i in range(203)]
    taken = [p.path for p in parsing._in_order(pool, jobs, chunk=8, ahead=3)]
    assert taken == [job.path for job in jobs]
    assert pool.most == 3 and pool.chunks == [8] * 25 + [3]


def test_stopping_early_cancels_the_chunks_not_yet_parsed():
    """A caller that stops (an error on a file, Ctrl-C, a closed pipe) does not wait
    for the chunks queued ahead: they are cancelled."""
    from concurrent.futures import Future

    from ipcli.corpus import parsing

    futures = []

    class Pool:  # the first chunk is parsed; the others wait in the queue
        def submit(self, fn, jobs):
            future = Future()
            if not futures:
                future.set_result(fn(jobs))
            futures.append(future)
            return future

    jobs = [parsing.Job(f"/nonexistent/n{i:03}.txt", f"n{i:03}", None, None) for i in range(40)]
    results = parsing._in_order(Pool(), jobs, chunk=4, ahead=3)
    assert next(results).path == jobs[0].path
    results.close()
    assert len(futures) == 4 and all(f.cancelled() for f in futures[1:])


def test_a_name_ambiguous_in_one_document_is_known_in_csv_and_json_alike(tmp_path):
    """Under a registry where 甲局 is one unit's name and another's alias, a marker
    naming 甲局 resolves to nothing in that document (kind null) while 甲甲局 resolves
    to 甲局 (kind organisation): the department is known, whatever the selection's
    order and whichever format prints it."""
    registry = tmp_path / "registry.yaml"
    registry.write_text("schema: 1\nunits:\n"
                        "  - {name: 甲局, aliases: [甲甲局], kind: organisation, parent: null}\n"
                        "  - {name: 乙局, aliases: [甲局], kind: organisation, parent: null}\n",
                        encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, marker in (("p", "甲局牵头"), ("q", "甲甲局牵头"), ("r", "甲局负责")):
        (corpus / f"{name}.txt").write_text(
            f"关于测试{name}的通知\n\n一、加强测试工作\n\n(一)完善测试机制。建立健全测试工作机制。({marker})\n",
            encoding="utf-8")
    for selection in (["p", "q", "r"], ["q", "p", "r"], ["r", "q"], ["p", "r"]):
        args = ["--registry", registry, "--corpus", corpus, "depts"]
        table = ipcli(*args, "-f", "csv", *selection, cache=tmp_path / "c")
        rows = {r[0]: r for r in csv.reader(io.StringIO(table.stdout.decode("utf-8-sig")))}
        data = {r["department"]: r for r in json.loads(
            ipcli(*args, "-f", "json", *selection, cache=tmp_path / "c").stdout)}
        known = "q" in selection
        assert rows["甲局"][1] == ("yes" if known else "no"), selection
        assert data["甲局"]["known"] is known, selection
        assert data["甲局"]["kind"] == ("organisation" if known else None), selection


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc")
def test_parse_workers_leave_when_their_run_is_killed(tmp_path):
    """A run killed with SIGKILL cannot stop its parse workers: they notice their
    parent is gone and exit within a second or so, instead of waiting for work
    forever (found by an adversarial review: two workers left per killed build)."""
    import signal
    import subprocess
    import time

    seeds = [str(p) for p in seed_paths()]
    script = (
        "import multiprocessing, sys, time\n"
        "from ipcli.corpus import parsing\n"
        f"jobs = [parsing.Job(p, str(i), None, None) for i, p in enumerate({seeds!r} * 200)]\n"
        "for n, _ in enumerate(parsing.parse_all(jobs, 2)):\n"
        "    if n == 0:\n"
        "        print(' '.join(str(c.pid) for c in multiprocessing.active_children()),\n"
        "              flush=True)\n"
        "        time.sleep(120)\n")
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        workers = [int(pid) for pid in run.stdout.readline().split()]
        assert len(workers) == 2
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False
    deadline = time.monotonic() + 15
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_db_path_and_export_errors_are_one_line_naming_what_the_user_gave(tmp_path):
    from test_attacks_input import one_error_line
    cache = tmp_path / "c"
    assert "--no-cache" in one_error_line(ipcli("--corpus", SEEDS, "--no-cache", "db", "path",
                                                cache=cache))
    unusable = ipcli("--corpus", SEEDS, "db", "path", cache=cache, env={"IPCLI_CACHE": os.devnull})
    assert unusable.stdout == b""  # the error alone: no "cache disabled … unaffected" first
    assert one_error_line(unusable).startswith("Error: no database file")
    assert "IPCLI_CACHE" in one_error_line(unusable)
    (tmp_path / "folder").mkdir()
    (tmp_path / "afile").write_text("x")
    folder = one_error_line(ipcli("--corpus", SEEDS, "export", "--sqlite", tmp_path / "folder",
                                  cache=cache))
    assert "is a directory" in folder and "leave out -o" not in folder  # export has no -o
    inside_a_file = one_error_line(ipcli("--corpus", SEEDS, "export", "--sqlite",
                                         tmp_path / "afile" / "x.sqlite", cache=cache))
    assert f"{tmp_path / 'afile'} is not a folder" in inside_a_file
    assert "standard output" in one_error_line(ipcli("--corpus", SEEDS, "export", "--sqlite", "-",
                                                     cache=cache, cwd=tmp_path))
    assert not (tmp_path / "-").exists()
    missing = one_error_line(ipcli("--corpus", SEEDS, "export", "--sqlite",
                                   tmp_path / "no" / "x.sqlite", cache=cache))
    assert f"cannot write {tmp_path / 'no' / 'x.sqlite'}: the folder" in missing
    assert ".tmp" not in missing
    exported = ipcli("--corpus", SEEDS, "--no-cache", "export", "--sqlite", tmp_path / "x.sqlite",
                     cache=cache)  # from the in-memory database: still a full copy
    assert exported.returncode == 0 and b"exported 5 document(s)" in exported.stderr


@pytest.mark.parametrize("end", ["", "-wal"])
def test_export_refuses_the_live_database_and_its_journal(tmp_path, end):
    """``export --sqlite "$(ipcli db path)"`` replaced the live cache with the copy (a
    task counted twice by the README's query afterwards); into ``-wal`` it said
    "exported" and the file vanished when the run closed the database."""
    from test_attacks_input import one_error_line
    cache = tmp_path / "c"
    live = ipcli("--corpus", SEEDS, "db", "path", cache=cache).stdout.decode().strip()
    before = sqlite3.connect(live).execute("SELECT count(*) FROM files").fetchone()
    refused = ipcli("--corpus", SEEDS, "export", "--sqlite", live + end, cache=cache)
    assert refused.returncode == 2
    assert "live corpus database" in one_error_line(refused)
    assert sqlite3.connect(live).execute("SELECT count(*) FROM files").fetchone() == before


def test_a_relative_cache_folder_is_printed_whole(tmp_path):
    shown = ipcli("--corpus", SEEDS, "db", "path", cache=tmp_path / "c",
                  env={"IPCLI_CACHE": "rel"}, cwd=tmp_path).stdout.decode().strip()
    assert shown.startswith(str(tmp_path / "rel") + os.sep)
