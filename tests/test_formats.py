"""``formats.dumps_json`` writes a list of rows one per line with the C encoder made
once: the same text as ``json.dumps`` row by row, whatever the values."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.formats import dumps_json

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                     st.floats(allow_nan=False, allow_infinity=False))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=10), _VALUES, max_size=6), min_size=1,
                max_size=5))
def test_rows_print_as_json_dumps_prints_each(rows):
    text = dumps_json(rows)
    assert text == "[\n  " + ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]"
    assert json.loads(text) == rows
