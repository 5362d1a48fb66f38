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


def test_yaml_prints_an_object_met_twice_in_full_never_as_an_alias():
    """Two diff pairs may share one word-level ops list: YAML prints it twice."""
    import io

    from ipcli.formats import dumps_yaml, write_yaml
    ops = [{"op": "insert", "text": "全面"}, {"op": "keep", "text": "加强专利保护工作。"}]
    data = {"changed": [{"ops": ops, "deleted_words": []}, {"ops": ops, "deleted_words": []}]}
    text = dumps_yaml(data)
    stream = io.StringIO()
    write_yaml(data, stream)
    for out in (text, stream.getvalue()):
        assert "&id" not in out and "*id" not in out
        assert out.count("text: 全面") == 2


def test_a_diff_with_a_repeated_pair_of_clauses_prints_yaml_without_aliases(run_cli, tmp_path):
    """The same changed clause twice: its ops are diffed once, printed in full twice."""
    (tmp_path / "a-2020.txt").write_text("一、总则\n1. 加强专利保护工作。\n2. 加强专利保护工作。\n",
                                         encoding="utf-8")
    (tmp_path / "b-2022.txt").write_text(
        "一、总则\n1. 全面加强专利保护工作。\n2. 全面加强专利保护工作。\n", encoding="utf-8")
    result = run_cli("--corpus", tmp_path, "diff", tmp_path / "a-2020.txt",
                     tmp_path / "b-2022.txt", "-f", "yaml")
    assert result.code == 1, result.err
    assert "&id" not in result.out and "*id" not in result.out
    assert result.out.count("op: insert") == 2
