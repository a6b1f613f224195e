"""The gateway's one JSON reader: depth counted outside strings, refused before parsing, and in
time linear in the input (it reads bodies of up to a megabyte from anyone)."""

from __future__ import annotations

import time

import pytest

from channels.safe_json import MAX_DEPTH, UnreadableJson, nesting_depth, read_json


def test_brackets_inside_strings_do_not_count():
    assert read_json('{"a": "[[[{{{", "b": [1, {"c": "\\"]]"}]}') == {"a": "[[[{{{", "b": [1, {"c": '"]]'}]}
    assert nesting_depth('["x\\"[[["]') == 1


def test_the_deepest_allowed_nesting_is_read_and_one_more_is_refused():
    assert read_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(UnreadableJson, match="deep"):
        read_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"{", b"", b"[1,]"])
def test_what_is_not_json_is_refused_with_a_reason(raw):
    with pytest.raises(UnreadableJson):
        read_json(raw)


@pytest.mark.parametrize(
    "hostile",
    ['"' + '\\"' * 500_000, "[" * 500_000, '"a\\\\"' * 200_000, "[]" * 500_000],
)
def test_a_hostile_megabyte_is_judged_in_well_under_a_second(hostile):
    started = time.perf_counter()
    with pytest.raises(UnreadableJson):
        read_json(hostile)
    assert time.perf_counter() - started < 1.0
