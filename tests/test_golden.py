"""Golden YAML per seed: the whole parse output, reviewed as behaviour changes.

Regenerate after an intended change with ``pytest tests/test_golden.py --update-golden``
and review the diff (``git diff tests/golden``) before committing.
"""
from __future__ import annotations

import pytest
from conftest import GOLDEN, parsed, seed_paths

from ipcli.formats import dumps_yaml


def golden_text(path) -> str:
    data = parsed(path).to_dict()
    data["source"]["path"] = f"seeds/{path.name}"  # machine-independent
    return dumps_yaml(data)


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_golden(path, update_golden):
    target = GOLDEN / f"{path.stem}.yaml"
    actual = golden_text(path)
    if update_golden:
        target.write_text(actual, encoding="utf-8")
        pytest.skip("golden file rewritten")
    assert target.exists(), f"missing {target.name}: run pytest --update-golden"
    assert actual == target.read_text(encoding="utf-8"), (
        f"{path.stem} output changed; if intended, run pytest --update-golden and review")
