"""The cache: hits, invalidation, and every way it can fail without wrong results."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS, seed_paths

from ipcli.corpus.store import Store

CACHE_ENV = "IPCLI_CACHE"


def cache_db(folder) -> "os.PathLike":
    """The one cache database in ``folder`` (one file per parser version and registry)."""
    found = sorted(folder.glob("ipcli-*.sqlite"))
    assert len(found) == 1, found
    return found[0]

def listing(run_cli, *extra) -> list:
    result = run_cli("--corpus", SEEDS, *extra, "list", "-f", "json")
    assert result.code == 0, result
    return json.loads(result.out)


def test_second_run_parses_nothing(run_cli, monkeypatch):
    import ipcli.parse.parser as parser
    first = listing(run_cli)
    calls = []
    real = parser.parse_bytes
    monkeypatch.setattr(parser, "parse_bytes", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert listing(run_cli) == first and calls == []


def test_edited_file_is_parsed_again(run_cli, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    target = folder / "n.txt"
    target.write_text("一、甲\n", encoding="utf-8")
    first = json.loads(run_cli("--corpus", folder, "list", "-f", "json").out)
    target.write_text("一、甲\n二、乙\n", encoding="utf-8")
    os.utime(target, ns=(1, 1))  # even with an unhelpful mtime: size changed
    second = json.loads(run_cli("--corpus", folder, "list", "-f", "json").out)
    assert (first[0]["sections"], second[0]["sections"]) == (1, 2)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_damaged_cache_is_rebuilt_with_one_warning(run_cli, tmp_path, damage):
    expected = listing(run_cli)
    db = cache_db(tmp_path / "cache")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "garbage":
        db.write_bytes(os.urandom(8192))
    else:
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    result = run_cli("--corpus", SEEDS, "list", "-f", "json")
    assert result.code == 0 and json.loads(result.out) == expected
    assert result.err.count("Warning") <= 1
    assert listing(run_cli) == expected  # and it works again afterwards


def test_unusable_cache_location_falls_back_to_no_cache(run_cli, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "sub"))  # a folder under a file
    result = run_cli("--corpus", SEEDS, "list", "-f", "json")
    assert result.code == 0 and len(json.loads(result.out)) == 5
    assert result.err.count("Warning") == 1 and "cache disabled" in result.err
    assert f"{blocker} is a file, not a folder" in result.err  # not "[Errno 20] Not a …"
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    result = run_cli("--corpus", SEEDS, "list", "-f", "json")
    assert f"({blocker} is a file, not a folder)" in result.err  # not "[Errno 17] File exists"


def test_full_disk_is_survived(tmp_path):
    warnings = []
    store = Store.open(tmp_path, warn=warnings.append)

    class FullDisk:
        def __init__(self, conn):
            self.conn = conn

        def execute(self, sql, *args):
            if sql.startswith(("INSERT", "BEGIN")):
                raise sqlite3.OperationalError("database or disk is full")
            return self.conn.execute(sql, *args)

        def executemany(self, sql, *args):
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            self.conn.close()

    from ipcli.corpus import database
    from ipcli.corpus.rows import document_rows
    from ipcli.corpus.store import transaction
    from ipcli.parse.parser import parse_file

    rows = document_rows(parse_file(seed_paths()[0]))
    store._conn = FullDisk(store.connection())
    store.guarded(lambda c: transaction(c, lambda c: database.insert(c, [rows])))
    assert not store.enabled and len(warnings) == 1 and "disk is full" in warnings[0]
    # the write went to the in-memory database instead: the document reads back
    assert list(store.guarded(lambda c: database.summaries(c, [rows.sha256]))) == [rows.sha256]


def test_no_cache_option(run_cli, tmp_path):
    assert listing(run_cli, "--no-cache") == listing(run_cli)
    assert json.loads(run_cli("--no-cache", "cache", "info", "-f", "json").out)["enabled"] is False


def test_cache_info_and_clear(run_cli, tmp_path):
    listing(run_cli)
    info = json.loads(run_cli("cache", "info", "-f", "json").out)
    assert info["documents"] == 5 and info["bytes"] > 0
    assert run_cli("cache", "clear").code == 0
    assert not list((tmp_path / "cache").glob("ipcli-*.sqlite*"))


def test_eight_concurrent_processes_on_a_fresh_cache(tmp_path):
    env = {**os.environ, CACHE_ENV: str(tmp_path / "shared-cache"), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "ipcli", "--corpus", str(SEEDS), "list", "-f", "json"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in range(8)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert all(code == 0 for _, _, code in results), [err for _, err, _ in results]
    assert len({out for out, _, _ in results}) == 1
    assert all(b"Traceback" not in err for _, err, _ in results)
    assert len(json.loads(results[0][0])) == len(seed_paths())


@pytest.fixture
def tiny_filesystem(tmp_path):
    """A 64 KiB tmpfs (a real full disk); skipped where mounting is not allowed."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs privileges)")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_cache_on_a_really_full_disk(run_cli, tiny_filesystem, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tiny_filesystem / "cache"))
    expected = json.loads(run_cli("--no-cache", "--corpus", SEEDS, "list", "-f", "json").out)
    result = run_cli("--corpus", SEEDS, "list", "-f", "json")
    assert result.code == 0 and json.loads(result.out) == expected
    assert result.err.count("Warning") <= 1 and "Traceback" not in result.err
    search = run_cli("--corpus", SEEDS, "search", "海关", "-f", "json")
    assert search.code == 0 and json.loads(search.out)["total"] == 3


def test_cache_on_a_read_only_filesystem(run_cli, tiny_filesystem, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tiny_filesystem))
    expected = json.loads(run_cli("--no-cache", "--corpus", SEEDS, "list", "-f", "json").out)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_filesystem)], check=True)
    result = run_cli("--corpus", SEEDS, "list", "-f", "json")
    assert result.code == 0 and json.loads(result.out) == expected
    assert result.err.count("Warning") == 1 and "cache disabled" in result.err


def test_eight_concurrent_processes_build_the_search_index(tmp_path):
    env = {**os.environ, CACHE_ENV: str(tmp_path / "shared-cache"), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "ipcli", "--corpus", str(SEEDS), "search", "知识产权", "-f", "json"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in range(8)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert all(code == 0 for _, _, code in results), [err for _, err, _ in results]
    assert len({out for out, _, _ in results}) == 1
    conn = sqlite3.connect(cache_db(tmp_path / "shared-cache"))
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(seed_paths())
    nodes = conn.execute("SELECT count(*) FROM nodes").fetchone()[0]
    assert nodes == sum(1 for p in seed_paths() for _ in __import__("conftest").parsed(p).walk())


def test_a_query_sees_one_state_of_the_database_while_another_process_writes(tmp_path):
    """``Library.query`` runs its action in one read transaction: a count and then the
    rows agree, even when another connection commits between them (two ipcli
    processes sharing the cache)."""
    from ipcli.corpus.store import snapshot
    path = tmp_path / "shared.sqlite"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE documents (sha256 TEXT PRIMARY KEY)")
    writer.execute("INSERT INTO documents VALUES ('a'), ('b')")
    reader = sqlite3.connect(path, isolation_level=None)

    def count_then_rows(conn):
        count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        writer.execute("INSERT INTO documents VALUES ('c')")  # committed meanwhile
        return count, [r[0] for r in conn.execute("SELECT sha256 FROM documents")]
    assert snapshot(reader, count_then_rows) == (2, ["a", "b"])
    assert not reader.in_transaction
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_library_queries_run_in_a_snapshot(tmp_path, monkeypatch):
    from ipcli.cli.session import Session
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    session = Session(str(SEEDS))
    entries = session.entries([])
    assert session.library.query(entries, lambda conn: conn.in_transaction) is True
