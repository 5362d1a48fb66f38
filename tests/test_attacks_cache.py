"""The cache under attack: interrupted rebuilds, rival registries, damaged rows,
rebuilds during searches, stale files (issue 14). Results never change."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from test_attacks_input import ipcli


def cache_db(folder):
    found = sorted(folder.glob("ipcli-*.sqlite"))
    assert len(found) == 1, found
    return found[0]


def make_corpus(folder, copies: int):
    """``copies`` variants of each seed (a distinct first line each: distinct hashes)."""
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for i in range(copies):
            (folder / f"{path.stem}-{i}.txt").write_text(f"第{i}份\n{text}", encoding="utf-8")
    return folder


def total(result) -> int:
    assert result.returncode in (0, 1), result.stderr.decode()[-800:]
    return json.loads(result.stdout)["total"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("c") / "corpus", 8)


# --- 14.1: an interrupted rebuild leaves the old index whole ------------------------------
def test_an_interrupted_rebuild_keeps_the_index(corpus, tmp_path, monkeypatch):
    from ipcli.cli.session import Session
    from ipcli.corpus import searchindex

    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path))
    session = Session(str(corpus))
    entries = session.entries([])
    expected = session.searcher().search("维权援助", entries, session.library.ensure).total
    assert expected > 0
    real, calls = searchindex.bigrams, []

    def dies_half_way(text):
        calls.append(1)
        if len(calls) == 300:
            raise KeyboardInterrupt  # Ctrl-C (or SIGTERM) in the middle of the rebuild
        return real(text)
    monkeypatch.setattr(searchindex, "BATCH", 50)
    monkeypatch.setattr(searchindex, "bigrams", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        session.searcher().rebuild()
    monkeypatch.setattr(searchindex, "bigrams", real)
    assert _abandoned(cache_db(tmp_path))  # the rebuild was interrupted half-way
    again = Session(str(corpus))
    assert again.searcher().search("维权援助", again.entries([]), again.library.ensure
                                   ).total == expected
    assert again.library.added == 0


@pytest.mark.slow
def test_a_rebuild_killed_by_sigkill_keeps_the_index(corpus, tmp_path):
    expected = total(ipcli("--corpus", corpus, "search", "维权援助", "-f", "json", cache=tmp_path))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path)}
    command = [sys.executable, "-m", "ipcli", "--corpus", str(corpus), "index", "--rebuild"]
    killed, interrupted = 0, 0
    for _ in range(6):  # kill as soon as the new index is being built aside (polled), twice
        left = set(_abandoned(cache_db(tmp_path)))  # by earlier kills
        proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if set(_abandoned(cache_db(tmp_path))) - left:  # its aside table: half-way
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        killed += proc.wait() == -signal.SIGKILL
        interrupted += bool(_abandoned(cache_db(tmp_path)))
        assert total(ipcli("--corpus", corpus, "search", "维权援助", "-f", "json",
                           cache=tmp_path)) == expected
        if killed >= 2 and interrupted >= 1:
            break
    assert killed >= 2 and interrupted >= 1  # some kills hit a rebuild half-way
    assert b"indexed 0 new" in ipcli("--corpus", corpus, "index", cache=tmp_path).stderr
    ipcli("--corpus", corpus, "index", "--rebuild", cache=tmp_path)
    assert _abandoned(cache_db(tmp_path)) == []  # a later rebuild clears what was left


def _abandoned(db) -> list:
    with sqlite3.connect(db) as conn:
        names = conn.execute("SELECT name FROM sqlite_master WHERE name GLOB 'search_fts_new_*'")
        return [n for (n,) in names if n.rsplit("_", 1)[-1].isdigit()]


# --- 14.2: processes with different registries share one cache folder --------------------
@pytest.mark.slow
def test_rival_registries_never_corrupt_each_other(corpus, tmp_path):
    r1, r2 = tmp_path / "r1.yaml", tmp_path / "r2.yaml"
    r1.write_text("units:\n  - {name: 测试一司, aliases: [一司]}\n", encoding="utf-8")
    r2.write_text("units:\n  - {name: 测试二司, aliases: [二司]}\n", encoding="utf-8")
    cache = tmp_path / "shared"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(cache)}
    script = ("for i in 1 2 3; do {py} -m ipcli --corpus {c} --registry {r} search 维权援助 "
              "-f json | {py} -c 'import json,sys; print(json.load(sys.stdin)[\"total\"])' "
              "|| echo FAILED; done")
    procs = [subprocess.Popen(script.format(py=sys.executable, c=corpus, r=r), shell=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for r in (r1, r2, r1, r2)]
    outs = [p.communicate(timeout=600) for p in procs]
    totals = {line for out, _ in outs for line in out.decode().split()}
    errors = b"".join(err for _, err in outs)
    assert b"Traceback" not in errors and b"Error" not in errors, errors[-2000:]
    assert len(totals) == 1 and "FAILED" not in totals and int(totals.pop()) > 0


# --- 14.8: damaged rows and tables -------------------------------------------------------------
def _listing(corpus, cache):
    result = ipcli("--corpus", corpus, "list", "-f", "json", cache=cache)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr.decode()


@pytest.mark.parametrize("damage", [
    "UPDATE documents SET meta = '{not json' WHERE rowid = 3",
    "UPDATE documents SET sections = 'many' WHERE rowid = 3",
    "UPDATE documents SET dropped = NULL WHERE rowid = 3",
    "DELETE FROM nodes WHERE row = (SELECT first_node + 1 FROM documents WHERE rowid = 3)",
    "UPDATE nodes SET seq = 99 WHERE row = (SELECT first_node FROM documents WHERE rowid = 3)"])
def test_damaged_rows_are_parsed_again(corpus, tmp_path, damage):
    expected, _ = _listing(corpus, tmp_path)
    shows = [["show", r["id"], "-f", "json"] for r in expected[:4]]
    before = [ipcli("--corpus", corpus, *args, cache=tmp_path).stdout for args in shows]
    with sqlite3.connect(cache_db(tmp_path)) as conn:
        conn.execute(damage)
    listed, err = _listing(corpus, tmp_path)
    assert listed == expected
    after = [ipcli("--corpus", corpus, *args, cache=tmp_path) for args in shows]
    assert [r.stdout for r in after] == before
    assert all(b"Traceback" not in r.stderr for r in after)
    search = ipcli("--corpus", corpus, "search", "维权援助", "-f", "json", "--limit", "0",
                   cache=tmp_path)
    fresh = ipcli("--no-cache", "--corpus", corpus, "search", "维权援助", "-f", "json",
                  "--limit", "0", cache=tmp_path / "unused")
    assert json.loads(search.stdout) == json.loads(fresh.stdout)
    assert b"Traceback" not in search.stderr


@pytest.mark.parametrize("damage", [
    "UPDATE nodes SET heading = NULL", "UPDATE nodes SET heading = 7 WHERE row % 5 = 0",
    "UPDATE nodes SET kind = NULL WHERE row % 7 = 0", "UPDATE nodes SET id = NULL WHERE row = 9",
    "UPDATE tasks SET tag = NULL WHERE task % 3 = 0", "UPDATE tasks SET node_row = node_row + 1",
    "DELETE FROM tasks WHERE seq = 1", "UPDATE tasks SET task = task + 100000 WHERE seq = 0",
    "UPDATE documents SET nodes = nodes - 1", "UPDATE documents SET first_node = first_node + 1",
    "UPDATE documents SET first_node = 'x'", "UPDATE documents SET nodes = nodes + 1"])
def test_damaged_stored_rows_never_change_a_diff(tmp_path, damage):
    """A diff reads clauses from node and task rows (headings, kinds, tags, the node a
    task is on, the range of a document's nodes): a row changed or lost is damage,
    and the document is parsed again, so the report is what a fresh run gives (found
    by an adversarial review: a stored heading set to NULL printed null headings and
    crashed the rich view; a node count one short lost a node unseen; a first row
    that is not a number was an internal error)."""
    args = ["--corpus", SEEDS, "diff", "2020", "2022", "-f", "json"]
    fresh = ipcli("--no-cache", *args, cache=tmp_path / "none")
    assert fresh.returncode == 1 and json.loads(fresh.stdout)["summary"]["changed"] > 10
    assert ipcli(*args, cache=tmp_path).stdout == fresh.stdout
    with sqlite3.connect(cache_db(tmp_path)) as conn:
        assert conn.execute(damage).rowcount > 0
    again = ipcli(*args, cache=tmp_path)
    assert again.returncode == 1 and again.stdout == fresh.stdout, again.stderr
    rich = ipcli(*args[:-2], "--full", cache=tmp_path)
    assert rich.returncode == 1 and b"Traceback" not in rich.stderr and b"internal" not in rich.stderr


@pytest.mark.parametrize("damage", [
    "DROP TABLE search_fts", "DROP TABLE nodes", "DROP TABLE documents", "DROP TABLE files",
    "DROP TABLE tasks", "DELETE FROM documents WHERE rowid IN (SELECT rowid FROM documents LIMIT 3)",
    "DELETE FROM nodes WHERE row > (SELECT max(row) - 40 FROM nodes)"])
def test_damaged_tables_are_rebuilt(corpus, tmp_path, damage):
    query = ["--corpus", corpus, "search", "维权援助", "-f", "json", "--limit", "0"]
    expected = json.loads(ipcli(*query, cache=tmp_path).stdout)
    tasks = ipcli("--corpus", corpus, "extract", "--dept", "保护司", "-f", "json", cache=tmp_path)
    with sqlite3.connect(cache_db(tmp_path)) as conn:
        conn.execute(damage)
    result = ipcli(*query, cache=tmp_path)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout) == expected
    assert json.loads(ipcli(*query, cache=tmp_path).stdout) == expected
    again = ipcli("--corpus", corpus, "extract", "--dept", "保护司", "-f", "json", cache=tmp_path)
    assert again.stdout == tasks.stdout
    assert cache_db(tmp_path).exists()


# --- 14.9: a rebuild while others search ---------------------------------------------------
@pytest.mark.slow
def test_searches_during_rebuilds_always_see_a_whole_index(corpus, tmp_path):
    expected = total(ipcli("--corpus", corpus, "search", "维权援助", "-f", "json", cache=tmp_path))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path)}
    rebuild = subprocess.Popen(
        f"for i in 1 2 3; do {sys.executable} -m ipcli --corpus {corpus} index --rebuild; done",
        shell=True, env=env, stderr=subprocess.PIPE)
    seen = []
    while rebuild.poll() is None:
        seen.append(total(ipcli("--corpus", corpus, "search", "维权援助", "-f", "json",
                                cache=tmp_path)))
    assert rebuild.wait() == 0, rebuild.stderr.read()
    assert seen and set(seen) == {expected}
    assert cache_db(tmp_path).exists()


# --- 14.10: stale files ------------------------------------------------------------------------
def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    target = folder / "n.txt"
    target.write_text("一、总体要求\n", encoding="utf-8")
    before = os.stat(target)
    _listing(folder, tmp_path / "cache")
    target.write_text("二、工作要求\n", encoding="utf-8")  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime
    assert os.stat(target).st_size == before.st_size
    shown = ipcli("--corpus", folder, "show", "n", "-f", "json", cache=tmp_path / "cache")
    assert json.loads(shown.stdout)["nodes"][0]["title"] == "工作要求"


def test_a_file_edited_during_the_run_is_not_lost(tmp_path, monkeypatch):
    """The bytes parsed differ from the bytes hashed: the document is still listed."""
    from ipcli.cli.session import Session
    from ipcli.corpus import library

    folder = make_corpus(tmp_path / "c", 2)
    real, edited = library.read_bytes, []

    def edit_in_between(path, *args):  # parse_job reads the file a second time
        data = real(path, *args)
        if len(edited) < 5 and not str(path).endswith("-0.txt"):
            edited.append(path)
            return data + "(编辑于运行期间)\n".encode()
        return data
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(library, "read_bytes", edit_in_between)
    rows = Session(str(folder)).entries([])
    assert len(rows) == 10 and edited


@pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists("/usr/bin/setpriv"),
                    reason="needs root to set up, and setpriv to run as another user")
def test_a_user_who_cannot_read_a_file_is_not_served_it_from_the_cache(tmp_path):
    tmp_path = Path(tempfile.mkdtemp(prefix="ipcli-users-"))  # pytest's folder is root-only
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "open.txt").write_bytes(SEEDS.joinpath("cnipa-2022-work-points.txt").read_bytes())
    secret = folder / "secret.txt"
    secret.write_bytes(SEEDS.joinpath("cnipa-2020-hq-guideline.txt").read_bytes())
    secret.chmod(0o600)  # root's
    cache = tmp_path / "cache"
    for path in (tmp_path, folder, folder / "open.txt"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    rows, _ = _listing(folder, cache)  # root builds the cache, secret included
    assert len(rows) == 2
    cache.chmod(0o777)
    for path in cache.iterdir():
        path.chmod(0o666)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(cache)}
    result = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                             sys.executable, "-m", "ipcli", "--corpus", str(folder), "list", "-f",
                             "json"], capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["open"], result.stderr
    assert b"secret.txt" in result.stderr and b"denied" in result.stderr
    shutil.rmtree(tmp_path)


def test_cache_clear_on_a_read_only_cache_is_one_error(tmp_path, monkeypatch):
    _listing(SEEDS, tmp_path)
    real = os.unlink

    def refuse(path, *args, **kwargs):
        if "ipcli-" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path))
    monkeypatch.setattr(os, "unlink", refuse)
    import io

    from ipcli.cli import main
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["cache", "clear"]) == 2
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot delete") and "Hint:" in lines[0]


def test_jiebas_dictionary_cache_is_kept_in_the_users_cache_folder(tmp_path):
    """jieba kept its dictionary cache (``marshal`` data it loads) in the shared temp
    folder, where another user's file was loaded or, unwritable, printed a traceback."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    result = ipcli("--corpus", SEEDS, "diff", "2020", "2022", "-f", "json",
                   cache=tmp_path / "c", env={"TMPDIR": str(shared)}, timeout=120)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert (tmp_path / "c" / "jieba.cache").is_file()
    assert not list(shared.glob("jieba*"))
