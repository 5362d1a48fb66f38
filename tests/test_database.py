"""The corpus database gives exactly what a fresh parse gives (issue 18).

- documents read back from their rows equal the parsed documents;
- the indexed queries (ledger, matrix, unknown names, mentions) equal the
  reference versions over ``Document`` objects (``analyses.workload``);
- every command's JSON from a warm database equals a fresh ``--no-cache`` run,
  on the seeds and on a generated corpus with tables in Word and Excel files.
"""
from __future__ import annotations

import json
import shutil
import sys

import pytest
from conftest import ROOT, SEEDS, seed_paths
from test_attacks_input import ipcli

from ipcli.analyses import ledger, workload
from ipcli.cli.session import Session
from ipcli.corpus.rows import document_dict, document_rows
from ipcli.model import Document
from ipcli.parse.parser import parse_file

FIXTURES = ROOT / "tests" / "fixtures" / "readers"


@pytest.mark.parametrize("path", [*seed_paths(), FIXTURES / "fengong.xlsx",
                                  FIXTURES / "fengong.docx"], ids=lambda p: p.name)
def test_rows_give_the_document_back(path):
    doc = parse_file(path)
    rows = document_rows(doc)
    back = Document.from_dict(document_dict(rows.document, rows.nodes, rows.tasks,
                                            rows.departments, rows.warnings))
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
