"""Values at their edges: a range written backwards or a zero length is no duration, and a
table header with no rows under it is text, not an empty table."""

from __future__ import annotations

import pytest

from studio.core.prompts.segment import Table, blocks
from studio.core.prompts.values import duration_value, take_duration


@pytest.mark.parametrize("text", ["a fox 5-3s", "0s a fox", "0:04-0:02 a fox", "0 秒 狐狸"])
def test_a_backwards_or_zero_length_is_no_duration(text: str) -> None:
    seconds, rest = take_duration(text)
    assert seconds is None
    assert "fox" in rest or "狐狸" in rest


def test_a_forward_range_is_its_length() -> None:
    assert take_duration("0:02-0:05 a fox") == (3, " a fox")
    assert duration_value("0s") is None and duration_value("3.5s") == 4


def test_a_table_header_without_rows_is_text() -> None:
    text = "| Shot | Camera | Action |\n|---|---|---|\n\nShot 1: a fox"
    assert blocks(text) == [text]
    with_row = "| Shot | Camera | Action |\n|---|---|---|\n| 1 | wide | a fox |"
    (table,) = blocks(with_row)
    assert isinstance(table, Table) and table.rows == (("1", "wide", "a fox"),)
