"""``formats.dumps_json`` writes a list of rows one per line with the C encoder made
once: the same text as ``json.dumps`` row by row, whatever the values.
``dumps_csv_rows(digits_from=k)`` joins each row's digit cells from the k-th on: the
same text as the csv module writes, whatever the leading cells hold."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.formats import dumps_csv_rows, dumps_json

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


_LEADING = st.one_of(st.text(max_size=8), st.integers(), st.sampled_from(
    ["知识产权保护司", 'a "quoted", name', "两行\n名称", "\r", " 空格 ", ""]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=0, max_size=8).flatmap(
    lambda digits: st.lists(st.tuples(st.lists(_LEADING, min_size=3, max_size=3),
                                      st.lists(st.integers(0, 999).map(str), min_size=len(digits),
                                               max_size=len(digits))),
                            max_size=5)))
def test_digit_cells_joined_as_they_are_equal_the_csv_writer(rows):
    rows = [lead + digits for lead, digits in rows]
    header = ["department", "known", "total", *(f"n{i}" for i in range(len(rows[0]) - 3))] \
        if rows else ["department"]
    assert dumps_csv_rows(header, rows, plain=True, digits_from=3) == dumps_csv_rows(
        header, rows, plain=True)
