"""Storyboards as data, the less common shapes: odd JSON values, shots as strings, start/end
times instead of a duration, a table cell that is not a duration."""

from __future__ import annotations

import json

from studio.core.prompts.parse import read_storyboard


def _read(data: object):
    return read_storyboard(json.dumps(data, ensure_ascii=False))


def test_unknown_film_keys_are_kept_as_continuity_notes_and_lists_join_by_line() -> None:
    reading = _read({
        "title": "Sea", "director": "Ann", "year": 2024, "empty": " ", "extra": {"k": "v"},
        "ratio": "9:16", "style": ["ink", "wash"],
        "mood": {"light": "calm", "sky": ["grey", "low"]},
        "keywords": "sea, dawn；fog",
        "shots": [{"description": "a lone boat"}],
    })
    look = reading.project.look
    assert reading.structured and reading.project.title == "Sea"
    assert look.continuity == "director: Ann\nyear: 2024"  # a blank or nested unknown is dropped
    assert look.style == "ink\nwash"
    assert look.atmosphere == "light: calm\nsky: grey\nlow"
    assert look.keywords == ["sea", "dawn", "fog"] and look.size == "720x1280"


def test_keywords_as_a_json_list_are_taken_as_they_are() -> None:
    look = _read({"tags": ["sea", 7], "shots": [{"description": "x"}]}).project.look
    assert look.keywords == ["sea", "7"]


def test_shots_as_strings_skip_blanks_and_non_objects() -> None:
    reading = _read({"shots": ["a lone boat", "   ", 5, None, {"description": "gulls"}]})
    shots = reading.project.shots
    assert [s.description for s in shots] == ["a lone boat", "gulls"]


def test_a_bare_list_of_shots_reads_and_chatter_around_it_is_unread() -> None:
    reading = read_storyboard('Here is your storyboard:\n[{"description": "fog"}]\nEnjoy!')
    assert reading.structured and [s.description for s in reading.project.shots] == ["fog"]
    assert reading.unread == ("Here is your storyboard:", "Enjoy!")


def test_start_and_end_times_give_the_duration_when_none_is_written() -> None:
    shots = _read({"shots": [
        {"description": "a", "start": 2, "end": 9},
        {"description": "b", "start": 0, "end": 500},  # clamped to the longest shot
        {"description": "c", "start": 5, "end": 3},  # backwards: the default length
        {"description": "d", "start": "0", "end": "4"},  # not numbers: the default length
        {"description": "e", "duration": "6s", "start": 0, "end": 1},  # written wins
    ]}).project.shots
    assert [s.duration for s in shots] == [7, 120, 4, 4, 6]
    assert all(s.notes == "" for s in shots)  # start/end are not notes


def test_a_shot_skips_its_number_booleans_and_empties_and_keeps_other_keys_as_notes() -> None:
    (shot,) = _read({"shots": [{"id": 3, "description": "boats", "flag": True, "camera": "",
                                "lens note": None, "weather": "rain",
                                "camera movement": ["wide", "push in"]}]}).project.shots
    assert shot.description == "boats" and shot.notes == "weather: rain"
    assert shot.camera == "wide\npush in"


def test_a_shot_with_only_notes_is_not_a_shot() -> None:
    shots = _read({"shots": [{"weather": "rain"}, {"description": "boats"}]}).project.shots
    assert [s.description for s in shots] == ["boats"]


def test_json_without_a_list_of_shots_reads_as_text() -> None:
    reading = read_storyboard('{"title": 5, "shots": "nope"}')
    assert not reading.structured
    assert reading.project.shots[0].description == '{"title": 5, "shots": "nope"}'
    assert not read_storyboard('"just a string"').structured
    fenced_number = read_storyboard("```json\n42\n```\nShot 1: fox")  # JSON, not a storyboard
    assert not fenced_number.structured
    assert [s.title for s in fenced_number.project.shots] == ["fox"]
    assert not read_storyboard('{"title": "x", "shots": [{"weather": "rain"}]}').structured


def test_a_table_duration_that_is_not_a_duration_becomes_a_note() -> None:
    reading = read_storyboard(
        "| Shot | Camera | Action | Duration |\n|---|---|---|---|\n"
        "| 1 | wide | a fox | about forever |\n"
        "| 2 | 特写 | 狐狸 | 3秒 |\n"
    )
    one, two = reading.project.shots
    assert reading.structured
    assert (one.camera, one.description, one.duration, one.notes) == (
        "wide", "a fox", 4, "Duration: about forever")
    assert (two.camera, two.description, two.duration, two.notes) == ("特写", "狐狸", 3, "")
