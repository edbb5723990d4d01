"""The composer renders the storyboard exactly as a creator would write it, or refuses."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.core.model import Character, Language, Look, Project, Shot, Strategy
from studio.core.prompts.compose import (
    ComposedPrompt,
    PromptError,
    PromptTooLong,
    compose,
    compose_film,
    compose_shot,
)
from studio.core.prompts.parse import parse_prompt
from studio.core.prompts.templates import find_position, without_position
from studio.storage.bundled import capability_table
from tests.strategies import composable_projects, refused_projects

TABLE = capability_table()


def _project(language: Language = Language.ZH, **look: object) -> Project:
    zh = language is Language.ZH
    return Project(
        title="海岛节日" if zh else "Island Festival Day",
        language=language,
        look=Look(
            style="电影感，暖色调" if zh else "Cinematic, warm",
            atmosphere="温暖热闹" if zh else "Warm and festive",
            keywords=["海岛", "节日"] if zh else ["island", "festival"],
            music="古筝与海浪" if zh else "Guzheng and waves",
            continuity="同一天" if zh else "One day",
            **look,  # type: ignore[arg-type]
        ),
        shots=[
            Shot(
                id="a",
                title="海上日出" if zh else "Dawn over the sea",
                camera="缓慢推进" if zh else "Slow push in",
                description="太阳升起\n旗帜飘扬" if zh else "The sun rises\nA flag flutters",
                notes="海浪声" if zh else "Sound of waves",
                duration=4,
            ),
            Shot(
                id="b",
                title="浪击石像" if zh else "Waves and statue",
                camera="固定机位" if zh else "Locked off",
                description="浪花四溅" if zh else "Spray bursts",
                duration=8,
            ),
        ],
    )


ZH_FILM = """\
# 海岛节日

**风格**：电影感，暖色调
**画幅**：16:9（1280x720）
**连贯性**：同一天

**分镜**：
1. **海上日出**（4秒）
   **镜头**：缓慢推进
   **画面**：太阳升起
   旗帜飘扬
   **备注**：海浪声

2. **浪击石像**（8秒）
   **镜头**：固定机位
   **画面**：浪花四溅

**氛围**：温暖热闹
**关键词**：海岛、节日
**音乐**：古筝与海浪"""

EN_FILM = """\
# Island Festival Day

Style: Cinematic, warm
Aspect ratio: 16:9 (1280x720)
Continuity: One day

Shots:
1. **Dawn over the sea** (4s)
   Camera: Slow push in
   Action: The sun rises
   A flag flutters
   Notes: Sound of waves

2. **Waves and statue** (8s)
   Camera: Locked off
   Action: Spray bursts

Atmosphere: Warm and festive
Keywords: island, festival
Music: Guzheng and waves"""

ZH_SHOT_2 = """\
**风格**：电影感，暖色调
**画幅**：16:9（1280x720）
**位置**：第2镜，共2镜
**连贯性**：同一天
**上一镜头**：海上日出

**本镜头**：浪击石像（8秒）
**镜头**：固定机位
**画面**：浪花四溅

**氛围**：温暖热闹
**关键词**：海岛、节日
**音乐**：古筝与海浪"""


def test_one_take_chinese_is_the_hand_written_layout() -> None:
    film = compose_film(_project(), TABLE)
    assert film == ComposedPrompt(text=ZH_FILM, shot_ids=("a", "b"), seconds=12)


def test_one_take_english_is_the_hand_written_layout() -> None:
    film = compose_film(_project(Language.EN), TABLE)
    assert film.text == EN_FILM


def test_per_shot_carries_look_continuity_and_previous_shot() -> None:
    prompts = compose(_project(), TABLE, mode=Strategy.PER_SHOT)
    assert [p.shot_ids for p in prompts] == [("a",), ("b",)]
    assert [p.seconds for p in prompts] == [4, 8]
    assert prompts[1].text == ZH_SHOT_2
    assert "上一镜头" not in prompts[0].text
    assert prompts[0].text.startswith(
        "**风格**：电影感，暖色调\n**画幅**：16:9（1280x720）\n**位置**：第1镜，共2镜\n"
    )


def test_per_shot_english_labels() -> None:
    text = compose(_project(Language.EN), TABLE, mode=Strategy.PER_SHOT)[1].text
    assert "Previously: Dawn over the sea" in text
    assert "Shot: Waves and statue (8s)\nCamera: Locked off\nAction: Spray bursts" in text
    assert "Continuity: One day" in text
    assert "Aspect ratio: 16:9 (1280x720)\nPosition: shot 2 of 2\nContinuity" in text


@pytest.mark.parametrize("language", list(Language))
def test_per_shot_position_is_read_back_and_imports_as_one_shot(language: Language) -> None:
    """The position line is context for the model; pasted back, it is no shot of its own."""
    project = _project(language)
    project.shots.append(Shot(id="c", title="烟花" if language is Language.ZH else "Fireworks"))
    for i, prompt in enumerate(compose(project, TABLE, mode=Strategy.PER_SHOT), 1):
        assert find_position(prompt.text) == (i, 3)
        back = parse_prompt(prompt.text)
        shot = project.shots[i - 1]
        assert [(s.title, s.duration) for s in back.shots] == [(shot.title, shot.duration)]
        written = {"style", "size", "continuity", "atmosphere", "keywords", "music"}
        assert back.look.model_dump(include=written) == project.look.model_dump(include=written)


def test_a_film_of_one_shot_has_no_position_line() -> None:
    project = _project(Language.EN)
    project.shots = project.shots[:1]
    (prompt,) = compose(project, TABLE, mode=Strategy.PER_SHOT)
    assert "Position" not in prompt.text and find_position(prompt.text) is None


def test_without_position_a_shots_prompt_ignores_shots_added_elsewhere() -> None:
    project = _project(Language.EN)
    before = compose(project, TABLE, mode=Strategy.PER_SHOT)[0].text
    project.shots.append(Shot(id="c", title="Fireworks"))
    after = compose(project, TABLE, mode=Strategy.PER_SHOT)[0].text
    assert after != before  # "shot 1 of 2" became "shot 1 of 3"
    assert without_position(after) == without_position(before)
    assert "Position" not in without_position(after)
    assert without_position(after).startswith("Style: Cinematic, warm\nAspect ratio: 16:9 "
                                              "(1280x720)\nContinuity: One day\n\nShot:")


def test_mode_and_language_default_to_the_project() -> None:
    project = _project(strategy=Strategy.ONE_TAKE)
    assert [p.text for p in compose(project, TABLE)] == [ZH_FILM]
    project.look.strategy = Strategy.PER_SHOT
    assert len(compose(project, TABLE)) == 2
    assert compose(project, TABLE, mode=Strategy.ONE_TAKE, lang=Language.EN)[0].text.startswith(
        "# 海岛节日\n\nStyle: 电影感"
    )


def test_one_take_seconds_is_the_shortest_clip_that_holds_the_film() -> None:
    project = _project()
    project.shots[1].duration = 3  # 4 + 3 = 7 -> animatic's 8 s clip
    assert compose_film(project, TABLE).seconds == 8
    project.shots[1].duration = 40  # 44 s: no clip holds it, ask for the total
    assert compose_film(project, TABLE).seconds == 44


def test_empty_sections_are_left_out() -> None:
    project = Project(title="", shots=[Shot(id="x", description="Only this")])
    text = compose_film(project, TABLE, Language.EN).text
    assert text == "Aspect ratio: 16:9 (1280x720)\n\nShots:\n1. (4s)\n   Action: Only this"
    project.title = "Untitled"  # the model's default title is never printed
    assert compose_film(project, TABLE, Language.EN).text == text


def test_aspect_line_uses_the_reduced_ratio() -> None:
    project = _project(size="1024x1792")
    assert "**画幅**：4:7（1024x1792）" in compose_film(project, TABLE).text


def test_characters_are_named_exactly_with_their_description() -> None:
    project = _project(Language.EN)
    project.characters = [
        Character(name="Grandma Lin", handle="lin", description="white hair, blue jacket"),
        Character(name="Mei", handle="mei", description=""),
    ]
    project.shots[0].characters = ["lin", "ghost", "mei", "LIN"]
    text = compose_film(project, TABLE).text
    assert "   Characters: Grandma Lin (@lin): white hair, blue jacket; Mei (@mei)\n" in text
    assert "ghost" not in text
    project.language = Language.ZH
    assert (
        "**角色**：Grandma Lin（@lin）：white hair, blue jacket；Mei（@mei）"
        in compose_film(project, TABLE).text
    )


def test_whitespace_inside_fields_is_normalised() -> None:
    project = Project(
        language=Language.EN,
        shots=[Shot(id="x", title=" Two\n lines ", camera="a\n\nb", description="x\n\n  \ny")],
    )
    text = compose_film(project, TABLE).text
    assert "1. **Two lines** (4s)\n   Camera: a b\n   Action: x\n   y" in text


def _tiny_table(limit: int) -> CapabilityTable:
    caps = ModelCaps(
        id="tiny", label="Tiny", sizes=("1280x720",), seconds=(4, 8), max_prompt_chars=limit
    )
    return CapabilityTable(models=(caps,))


def test_too_long_film_is_refused_with_model_limit_and_length() -> None:
    project = _project(model="tiny")
    length = len(compose_film(project, _tiny_table(10_000)).text)
    with pytest.raises(PromptTooLong) as info:
        compose_film(project, _tiny_table(length - 1))
    err = info.value
    assert (err.model, err.limit, err.length, err.shot_index) == ("tiny", length - 1, length, None)
    assert str(err) == (
        f"the one-take prompt is {length} characters but tiny accepts at most {length - 1}; "
        "shorten the shots or switch to per-shot"
    )
    assert compose_film(project, _tiny_table(length)).text  # exactly at the limit is fine


def test_too_long_shot_names_the_shot() -> None:
    project = _project(model="tiny")
    project.shots[1].description = "浪" * 500
    with pytest.raises(
        PromptTooLong, match=r"shot 2 \(浪击石像\) is \d+ characters but tiny"
    ) as info:
        compose(project, _tiny_table(400), mode=Strategy.PER_SHOT)
    assert info.value.shot_id == "b"
    assert isinstance(info.value, PromptError)


def test_unknown_model_lists_the_known_ones() -> None:
    with pytest.raises(PromptError, match=r"unknown model 'nope' \(known models: animatic, sora-2"):
        compose(_project(model="nope"), TABLE)


def test_nothing_to_compose() -> None:
    with pytest.raises(PromptError, match="no shots"):
        compose(Project(), TABLE, mode=Strategy.PER_SHOT)
    with pytest.raises(PromptError, match="no shots"):
        compose_film(Project(), TABLE)


def test_compose_shot_refuses_a_shot_of_another_project() -> None:
    with pytest.raises(PromptError, match="not in the project"):
        compose_shot(_project(), Shot(id="zzz", title="x"), TABLE)


# Valid and refused projects have a strategy each (tests/strategies.py), so every example
# reaches its assertions; together they cover every project.


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(composable_projects(max_shots=4))
def test_any_project_of_a_known_model_composes(project: Project) -> None:
    caps = TABLE[project.look.model]
    for mode in Strategy:
        prompts = compose(project, TABLE, mode=mode)
        assert prompts and all(len(p.text) <= caps.max_prompt_chars for p in prompts)
        assert [i for p in prompts for i in p.shot_ids] == [s.id for s in project.shots]
        assert compose(project, TABLE, mode=mode) == prompts  # deterministic


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(refused_projects(max_shots=4), st.sampled_from(Strategy))
def test_a_project_without_shots_or_with_an_unknown_model_is_refused(
    project: Project, mode: Strategy
) -> None:
    reason = "no shots" if not project.shots else f"unknown model {project.look.model!r}"
    with pytest.raises(PromptError, match=re.escape(reason)):
        compose(project, TABLE, mode=mode)
