"""The reader's less common lines: emoji inside bold markers, a bracketed emoji label, a
duration that is not one, notes before any shot, a heading that names the film, a
"previously" section, a closing remark after the shots, and input that is not text."""

from __future__ import annotations

import pytest

from studio.core.prompts.parse import PromptParseError, read_storyboard


def _shots(text: str) -> list[tuple[str, str, str, int, str]]:
    return [(s.title, s.camera, s.description, s.duration, s.notes)
            for s in read_storyboard(text).project.shots]


@pytest.mark.parametrize("value", [b"Shot 1: a fox", None, ["Shot 1: a fox"]])
def test_input_that_is_not_text_is_refused_in_words(value: object) -> None:
    with pytest.raises(PromptParseError, match="the prompt must be text"):
        read_storyboard(value)  # type: ignore[arg-type]


def test_an_emoji_inside_bold_markers_does_not_hide_the_shot_marker() -> None:
    assert _shots("**🎬 Shot 1**: a fox\n**🎬 Shot 2**: a hare") == [
        ("a fox", "", "", 4, ""), ("a hare", "", "", 4, "")]


def test_a_bracketed_label_with_an_emoji_is_read_by_its_word() -> None:
    shots = _shots("Shot 1: a fox\n【🎵 Music】 soft piano\n\nShot 2: a hare")
    assert shots[0][4] == "🎵 Music: soft piano" and shots[1][4] == ""


def test_a_duration_label_that_holds_no_duration_is_kept_as_a_note() -> None:
    assert _shots("Shot 1: a fox\nDuration: a while\nShot 2: a hare\nDuration: 3s") == [
        ("a fox", "", "", 4, "Duration: a while"), ("a hare", "", "", 3, "")]


def test_a_bulleted_camera_is_split_at_its_first_sentence_only_when_that_is_camera_talk(
) -> None:
    text = ("Shot 1\n- Camera: The fox waits. It is dawn over the hill.\n"
            "Shot 2\n- Camera: Wide shot. The fox runs over the hill.")
    assert _shots(text) == [
        ("", "The fox waits. It is dawn over the hill.", "", 4, ""),
        ("", "Wide shot", "The fox runs over the hill.", 4, "")]


def test_notes_before_any_shot_are_continuity() -> None:
    reading = read_storyboard("Notes: keep the fox red\n"
                              "the hill stays green\n\nShot 1: a fox\nShot 2: a hare")
    assert reading.project.look.continuity == "keep the fox red\nthe hill stays green"
    assert [s.title for s in reading.project.shots] == ["a fox", "a hare"]


def test_a_first_line_heading_of_any_level_names_the_film() -> None:
    reading = read_storyboard("## 《Harbour at dawn》\nShot 1: fox\nShot 2: hare")
    assert reading.project.title == "Harbour at dawn"
    later = read_storyboard("Intro text here\n## Something\nShot 1: fox")
    assert later.project.title == "Untitled"
    assert later.project.look.continuity == "Intro text here\nSomething"


def test_a_previously_section_is_context_for_the_writer_not_the_film() -> None:
    reading = read_storyboard("Previously:\nthe fox slept\n\nShot 1: a fox\nShot 2: a hare")
    project = reading.project
    assert [s.title for s in project.shots] == ["a fox", "a hare"]
    everything = [project.look.continuity, project.look.style,
                  *(s.description + s.notes for s in project.shots)]
    assert not any("the fox slept" in text for text in everything)


def test_a_closing_remark_after_a_blank_line_is_unread_not_the_last_shot() -> None:
    reading = read_storyboard("Shot 1: a fox\nShot 2: a hare\n  runs far\n\n"
                              "Let me know if you want changes.")
    assert reading.unread == ("Let me know if you want changes.",)
    assert reading.project.shots[1].description == "runs far"
    # without the blank line it is the shot's own text
    glued = read_storyboard("Shot 1: a fox\nShot 2: a hare\nLet me know if you want changes.")
    assert glued.unread == ()
    assert glued.project.shots[1].description == "Let me know if you want changes."


def test_a_blockquoted_storyboard_reads_like_a_plain_one() -> None:
    assert _shots("> Shot 1: a fox\n> Shot 2: a hare") == _shots("Shot 1: a fox\nShot 2: a hare")
    assert len(_shots("> Shot 1: a fox\n> Shot 2: a hare")) == 2


def test_a_numbered_section_label_is_read_by_its_word() -> None:
    reading = read_storyboard("镜头1：狐狸奔跑\n镜头2：兔子\n\n四、背景音乐：钢琴独奏")
    assert reading.project.look.music == "钢琴独奏"
    assert [s.title for s in reading.project.shots] == ["狐狸奔跑", "兔子"]


@pytest.mark.parametrize(("text", "expected"), [
    ("1. 黎明港湾：渔船缓缓驶出港口，海鸥盘旋。镜头：由左向右缓慢横摇，4 秒。\n"
     "2. 集市：人群熙攘。镜头：手持跟拍，6 秒。",
     [("黎明港湾", "由左向右缓慢横摇。", "渔船缓缓驶出港口，海鸥盘旋。", 4, ""),
      ("集市", "手持跟拍。", "人群熙攘。", 6, "")]),
    ("1. Dawn harbour: boats leave the port. Camera: slow pan, 4 s.\n"
     "2. Market: crowds. Camera: handheld follow, 6 seconds.",
     [("Dawn harbour", "slow pan.", "boats leave the port.", 4, ""),
      ("Market", "handheld follow.", "crowds.", 6, "")]),
])
def test_a_one_line_shot_keeps_its_camera_and_its_length_apart(
        text: str, expected: list[tuple[str, str, str, int, str]]) -> None:
    """A chat model's one-line shot: the camera label right after a Chinese full stop is a
    field of its own, and "…, 4 s." closing it is the shot's length (it was left in the
    action as a stray "，。", and the second shot's 6 s was lost)."""
    assert _shots(text) == expected
