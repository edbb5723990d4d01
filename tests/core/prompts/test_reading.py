"""What the reader keeps apart: chatter, unknown sections, what the text numbers; a glued
paste reads like the intact one; a cut-off JSON block still reads as text."""

from __future__ import annotations

import re
from pathlib import Path

from studio.core.prompts.parse import read_storyboard

CORPUS = Path(__file__).parent / "corpus"


def _strip(project):
    return [(s.title, s.camera, s.description, s.duration) for s in project.shots]


def test_a_paste_whose_newlines_were_lost_reads_like_the_intact_one() -> None:
    intact = (CORPUS / "zh_deepseek_sections.txt").read_text("utf-8")
    glued = re.sub(r"\s*\n\s*", " ", intact)
    a, b = read_storyboard(intact).project, read_storyboard(glued).project
    assert _strip(a) == _strip(b) and len(a.shots) == 5
    assert (a.look.style, a.look.music, a.look.keywords) == (
        b.look.style, b.look.music, b.look.keywords)


def test_chatter_is_set_aside_and_never_reaches_the_prompts() -> None:
    reading = read_storyboard((CORPUS / "zh_deepseek_sections.txt").read_text("utf-8"))
    assert any(u.startswith("好的") for u in reading.unread)
    assert any(u.startswith("希望") for u in reading.unread)
    look = reading.project.look
    assert "好的" not in look.continuity and "希望" not in look.continuity
    assert "希望" not in reading.project.shots[-1].description


def test_unknown_film_sections_are_kept_under_their_label() -> None:
    p = read_storyboard((CORPUS / "zh_sections_after.txt").read_text("utf-8")).project
    assert "【结尾字幕】" in p.look.continuity and "一辈子都忘不了" in p.look.continuity
    assert "结尾字幕" not in p.shots[-1].description


def test_numbered_counts_the_shots_the_text_names() -> None:
    reading = read_storyboard("Shot 1: fox\nCamera: wide\n\nShot 2 then Shot 3, and Shot 7.")
    assert (reading.numbered, len(reading.project.shots)) == (7, 2)
    assert read_storyboard("1. a\n2. b\n3. c").numbered == 3


def test_a_cut_off_json_block_still_reads_as_text() -> None:
    text = '```json\n{"style": "noir", "shots": [{"camera": "wide", "description": "rain'
    reading = read_storyboard(text)
    assert reading.project.shots and not reading.structured


def test_json_with_chinese_keys_and_chatter_around_it() -> None:
    reading = read_storyboard((CORPUS / "zh_json_bare.txt").read_text("utf-8"))
    assert reading.structured and reading.project.title == "春节回家"
    assert [s.duration for s in reading.project.shots] == [4, 3, 4, 5, 5]
