"""Where results go: -o targets of every kind, failing stdout, any locale (issue 14).

``-o`` never damages what is at the path (devices, FIFOs, links, modes); a failing
stdout is one ``Error:`` line and status 2 for every command; output is UTF-8 in
every locale, and Chinese arguments survive a non-UTF-8 locale.
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS, seed_paths
from test_attacks_input import ipcli, one_error_line

SEED = seed_paths()[0]


def parse_to(target, tmp_path, *extra):
    return ipcli("parse", SEED, "-f", "json", "-o", target, *extra, cache=tmp_path / "c",
                 timeout=30)


def test_o_refuses_a_device_and_leaves_it_alone(tmp_path):
    before = os.stat("/dev/full")
    assert "device" in one_error_line(parse_to("/dev/full", tmp_path))
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_o_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    assert "FIFO" in one_error_line(parse_to(fifo, tmp_path))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_o_writes_through_a_symlink_to_a_regular_file(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert parse_to(link, tmp_path).returncode == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["id"] == SEED.stem


def test_o_refuses_a_symlink_to_a_fifo(tmp_path):
    fifo = tmp_path / "p.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(fifo)
    one_error_line(parse_to(link, tmp_path))
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_o_keeps_hard_links_and_the_mode(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    twin = tmp_path / "twin.json"
    os.link(target, twin)
    assert parse_to(target, tmp_path).returncode == 0
    assert os.path.samefile(target, twin) and os.stat(target).st_nlink == 2
    assert json.loads(twin.read_text(encoding="utf-8"))["id"] == SEED.stem
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_o_keeps_the_mode_of_a_replaced_file_and_umask_for_a_new_one(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert parse_to(target, tmp_path).returncode == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    assert parse_to(fresh, tmp_path).returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o666 & ~mask


def test_o_leaves_the_old_file_when_writing_fails(tmp_path):
    from ipcli.cli.outfile import write_file

    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def broken(stream):
        stream.write("half")
        raise OSError(28, "No space left on device")
    with pytest.raises(OSError):
        write_file(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_o_into_a_missing_folder_is_one_error(tmp_path):
    one_error_line(parse_to(tmp_path / "nosuch" / "out.json", tmp_path))


COMMANDS = [["parse", str(SEED)], ["list"], ["show", "cnipa-2022-work-points"], ["check"],
            ["extract", "--dept", "保护司"], ["depts"], ["depts", "--unknown"],
            ["search", "知识产权"], ["diff", "2020", "2022"], ["cache", "info"],
            ["list", "-f", "json"], ["--help"], ["search", "--help"]]  # all that print results


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_a_full_disk_on_stdout_is_one_error_line(tmp_path, args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "ipcli", "--corpus", str(SEEDS), *args],
                                stdout=full, stderr=subprocess.PIPE, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(ROOT),
                                     "IPCLI_CACHE": str(tmp_path)})
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "No space left on device" in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("Error: ")]) == 1


def _locale_dir(tmp_path_factory) -> str | None:
    """Locales built with localedef (none but C.UTF-8 are installed here)."""
    folder = tmp_path_factory.mktemp("locales")
    for name, charmap, out in (("en_US", "ISO-8859-1", "en_US.ISO-8859-1"),
                               ("zh_CN", "GB18030", "zh_CN.GB18030")):
        made = subprocess.run(["localedef", "-i", name, "-f", charmap, str(folder / out)],
                              capture_output=True)
        if made.returncode not in (0, 1) or not (folder / out).exists():
            return None
    return str(folder)


@pytest.fixture(scope="module")
def locales(tmp_path_factory):
    try:
        found = _locale_dir(tmp_path_factory)
    except FileNotFoundError:
        found = None
    if found is None:
        pytest.skip("localedef cannot build locales here")
    return found


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "gb18030"},
                                 {"LANG": "en_US.ISO-8859-1"}, {"LANG": "zh_CN.GB18030"},
                                 {"LC_ALL": "C", "LANG": "C"}], ids=str)
def test_any_locale_gives_utf8_output_and_reads_utf8_arguments(tmp_path, env, request):
    if "LANG" in env and env["LANG"] != "C":
        env = {**env, "LOCPATH": request.getfixturevalue("locales")}
    for args in (["extract", "--dept", "保护司", "-f", "json"], ["search", "维权援助", "-f", "json"],
                 ["list"], ["extract", "--dept", "保护司"]):
        result = ipcli("--corpus", SEEDS, *args, cache=tmp_path, env=env)
        assert result.returncode == 0, (args, result.stderr)
        out = result.stdout.decode("utf-8")  # strict
        assert "Traceback" not in result.stderr.decode("utf-8")
        if "json" in args:
            data = json.loads(out)
            assert data if isinstance(data, list) else data["total"]
        else:
            assert "知识产权" in out
