"""The parser reads the prompts creators paste, and reads back what the composer writes."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.model import Character, Language, Look, Project, Shot, Strategy
from studio.core.prompts.compose import PromptError, compose_film, compose_shot
from studio.core.prompts.parse import (
    MAX_INPUT_CHARS,
    PromptParseError,
    detect_language,
    parse_prompt,
)
from studio.core.prompts.templates import TEMPLATES
from studio.storage.bundled import capability_table
from tests.strategies import blank_texts, composable_projects, pasted_texts, storyboards

PROMPTS = Path(__file__).parent / "prompts"
TABLE = capability_table()


def _read(name: str) -> Project:
    return parse_prompt((PROMPTS / name).read_text(encoding="utf-8"))


# --- prompts written by hand, in different shapes -------------------------------------


def test_chinese_markdown_prompt() -> None:
    p = _read("zh_markdown.txt")
    assert p.title == "渔港清晨"
    assert p.language is Language.ZH
    assert p.look.style == "写实纪录片风格，手持摄影，清晨冷调逐渐转暖"
    assert p.look.size == "720x1280"
    assert [s.title for s in p.shots] == ["薄雾渔港", "收网", "鱼市"]
    assert [s.camera for s in p.shots] == ["航拍俯冲下降", "特写，缓慢推进", "手持跟拍"]
    assert [s.duration for s in p.shots] == [3, 4, 5]
    assert p.shots[1].description == "老渔民粗糙的双手拉起渔网，银色的鱼在网中跳动。"
    assert p.shots[1].notes == "音效：渔网摩擦船舷的声音"
    assert p.look.atmosphere == "质朴、忙碌、充满烟火气"
    assert p.look.keywords == ["渔港", "清晨", "薄雾", "渔民", "鱼市"]
    assert p.look.music == "低沉的大提琴独奏，随鱼市段落加入轻快的打击乐"
    assert len({s.id for s in p.shots}) == 3


def test_english_shot_dash_prompt_with_timestamps() -> None:
    p = _read("en_timestamps.txt")
    assert (p.title, p.language, p.look.size) == ("Harbor Lights", Language.EN, "1280x720")
    assert p.look.style == "neon noir, anamorphic lens flares, wet reflective streets"
    assert p.look.continuity == "A quiet night piece about a fishing town waiting for its boats."
    assert [s.title for s in p.shots] == ["Rain on the pier", "The lighthouse", "Homecoming"]
    assert [s.duration for s in p.shots] == [3, 4, 5]
    assert [s.camera for s in p.shots] == [
        "slow dolly forward at knee height",
        "crane up, tilt to the beam",
        "static wide, then slow zoom out",
    ]
    assert p.shots[1].description == "The beam sweeps across the dark water."
    assert p.shots[1].notes == "Sound: a distant foghorn"
    assert p.look.atmosphere == "lonely but hopeful"
    assert p.look.music == "sparse piano over a low synth drone"


def test_bullet_list_prompt_with_headings() -> None:
    p = _read("en_bullets_headings.txt")
    assert p.title == "Mountain Market"
    assert p.look.style == "watercolor animation\nsoft pastel palette"
    assert p.look.size == "720x1280"
    assert [s.title for s in p.shots] == ["Morning fog", "Stalls open", "Tea"]
    assert [s.duration for s in p.shots] == [4, 6, 4]
    assert [s.camera for s in p.shots] == [
        "wide establishing shot, slow tilt down",
        "tracking shot along the stalls",
        "close-up, rack focus",
    ]
    assert p.shots[0].description == "Fog lifts off terraced hills."
    assert p.shots[2].characters == ["oldli"]
    assert [(c.name, c.handle, c.description) for c in p.characters] == [
        ("Old Li", "oldli", "a tea seller with a grey beard")
    ]
    assert p.look.atmosphere == "calm, homely"
    assert p.look.keywords == ["mountains", "market", "tea"]
    assert p.look.music == "bamboo flute, birdsong"


def test_terse_numbered_prompt_with_half_width_colons() -> None:
    p = _read("zh_terse.txt")
    assert (p.title, p.language, p.look.size) == ("夜市", Language.ZH, "480x480")
    assert p.look.style == "赛博朋克, 霓虹灯, 雨夜"
    assert [s.title for s in p.shots] == ["街口", "小吃摊", "离开"]
    assert [s.duration for s in p.shots] == [3, 4, 5]
    assert [s.camera for s in p.shots] == ["低角度仰拍", "推近特写", "拉远"]
    assert [s.description for s in p.shots] == [
        "霓虹招牌在雨中闪烁",
        "铁板上的鱿鱼滋滋作响",
        "主角撑伞走进人群",
    ]
    assert p.look.music == "电子合成器, 慢节奏"  # the closing line is the film's, not shot 3's
    assert p.shots[2].notes == ""


def test_clock_timestamps_start_shots() -> None:
    p = _read("en_clock.txt")
    assert p.title == "Paper Boats"
    assert [s.duration for s in p.shots] == [4, 6, 2]
    assert [s.camera for s in p.shots] == [
        "overhead, locked off",
        "low tracking shot following the boat",
        "",
    ]
    assert p.shots[2].description == "It disappears under a bridge."


# --- shapes of single lines -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title", "seconds"),
    [
        ("1. **海上日出**（4秒）", "海上日出", 4),
        ("1. **Dawn over the sea** (6s)", "Dawn over the sea", 6),
        ("1、海上日出 8秒", "海上日出", 8),
        ("1) Dawn, 5 seconds", "Dawn", 5),
        ("镜头1：海上日出（0-3秒）", "海上日出", 3),
        ("【镜头一】海上日出", "海上日出", 4),
        ("【镜头2：海上日出】（12秒）", "海上日出", 12),
        ("第三镜：海上日出", "海上日出", 4),
        ("Shot 1: Dawn (2.5s)", "Dawn", 3),
        ("**Shot 1** — Dawn (0:00–0:04)", "Dawn", 4),
        ("### Scene 7 - Dawn [10s]", "Dawn", 10),
        ("（2）海上日出 4秒钟", "海上日出", 4),
        ("二、海上日出", "海上日出", 4),
        ("0–3s Dawn", "Dawn", 3),
    ],
)
def test_shot_line_shapes(line: str, title: str, seconds: int) -> None:
    p = parse_prompt(f"{line}\nCamera: push in")
    assert [(s.title, s.duration, s.camera) for s in p.shots] == [(title, seconds, "push in")]


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("16:9", "1280x720"),
        ("9:16", "720x1280"),
        ("1:1", "480x480"),
        ("16：9 横屏", "1280x720"),
        ("1920x1080", "1920x1080"),
        ("竖屏", "720x1280"),
        ("square", "480x480"),
        ("7:4 (1792x1024)", "1792x1024"),
        ("4:3", "1280x720"),  # unknown ratio: the default size stays
    ],
)
def test_aspect_values(value: str, size: str) -> None:
    assert parse_prompt(f"画幅：{value}\n1. 日出").look.size == size


@pytest.mark.parametrize(
    "line",
    [
        "**镜头**：推进",
        "**镜头：**推进",
        "镜头: 推进",
        "- 运镜：推进",
        "【运镜】推进",
        "Camera move: 推进",
    ],
)
def test_camera_label_shapes(line: str) -> None:
    assert parse_prompt(f"1. 日出\n{line}").shots[0].camera == "推进"


def test_keywords_split_on_all_separators_and_hashtags() -> None:
    assert parse_prompt("Keywords: a, b，c、d; e\n1. x").look.keywords == list("abcde")
    assert parse_prompt("Tags: #sea #dawn\n1. x").look.keywords == ["sea", "dawn"]


def test_indented_music_belongs_to_the_shot_and_unindented_after_blank_to_the_film() -> None:
    text = "1. A\n   Music: drums only\n2. B\nCamera: pan\n\nMusic: strings"
    p = parse_prompt(text)
    assert p.shots[0].notes == "Music: drums only"
    assert p.shots[1].notes == ""
    assert p.look.music == "strings"


def test_global_labels_end_the_shot() -> None:
    p = parse_prompt("1. A\nthe sea\nStyle: noir\nhigh contrast")
    assert p.shots[0].description == "the sea"
    assert p.look.style == "noir\nhigh contrast"


def test_cast_list_and_plain_mentions() -> None:
    text = "Characters: Old Li (@oldli): tea seller\n1. A\nCharacters: @oldli, Mei\n"
    p = parse_prompt(text)
    assert p.shots[0].characters == ["oldli", "Mei"]
    assert [(c.name, c.handle, c.description) for c in p.characters] == [
        ("Old Li", "oldli", "tea seller"),
        ("Mei", "Mei", ""),
    ]


def test_total_duration_outside_shots_is_not_a_shot() -> None:
    p = parse_prompt("时长：28秒\n1. 日出\n2. 石像")
    assert [s.title for s in p.shots] == ["日出", "石像"]
    assert [s.duration for s in p.shots] == [4, 4]


def test_description_before_first_shot_is_global_context() -> None:
    p = parse_prompt("Scene: a fishing town at dawn\n\nShot 1: Boats\nShot 2: Market")
    assert [s.title for s in p.shots] == ["Boats", "Market"]
    assert p.look.continuity == "a fishing town at dawn"


def test_text_without_shots_becomes_one_shot() -> None:
    p = parse_prompt("  A lighthouse in a storm, waves crashing.  \n")
    assert len(p.shots) == 1
    assert p.shots[0].description == "A lighthouse in a storm, waves crashing."
    assert p.shots[0].duration == 4
    labelled = parse_prompt("Style: noir")
    assert labelled.look.style == "noir"
    assert labelled.shots[0].description == "Style: noir"


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\ufeff"])
def test_empty_input_is_an_error(text: str) -> None:
    with pytest.raises(PromptParseError, match="empty"):
        parse_prompt(text)


def test_oversized_input_and_fields_are_clear_errors() -> None:
    with pytest.raises(PromptParseError, match="at most"):
        parse_prompt("x" * (MAX_INPUT_CHARS + 1))
    with pytest.raises(PromptParseError, match=r"shot 1: title"):
        parse_prompt("1. **" + "t" * 2_500 + "**")
    assert issubclass(PromptParseError, PromptError)


def test_language_detection_and_override() -> None:
    assert parse_prompt("**风格**：cinematic warm film look\n1. Dawn").language is Language.ZH
    assert parse_prompt("Style: 电影感\n1. 日出").language is Language.EN
    assert parse_prompt("海上日出，旗帜飘扬").language is Language.ZH
    assert parse_prompt("Dawn over the sea", language=Language.ZH).language is Language.ZH
    assert detect_language("Dawn 日出 over the sea") is Language.EN
    assert detect_language("海上日出 dawn") is Language.ZH


def test_ids_are_fresh_and_defaults_kept() -> None:
    a, b = parse_prompt("1. x\n2. y"), parse_prompt("1. x\n2. y")
    assert len({s.id for s in a.shots + b.shots}) == 4
    assert (a.look.model, a.look.provider, a.look.strategy) == (
        "animatic",
        "local",
        Strategy.PER_SHOT,
    )
    assert a.title == "Untitled"


def test_parser_knows_every_label_the_composer_writes() -> None:
    """Guards compose -> parse: a renamed template label must be taught to the parser."""
    for t in TEMPLATES.values():
        project = Project(
            language=t.language,
            look=Look(style="s", atmosphere="a", keywords=["k"], music="m", continuity="c"),
            characters=[Character(name="N", handle="n", description="d")],
            shots=[
                Shot(id="x", title="T", camera="c", description="d", notes="n", characters=["n"])
            ],
        )
        back = parse_prompt(compose_film(project, TABLE).text)
        assert back.look.model_dump() == project.look.model_dump()
        assert back.shots[0].model_dump(exclude={"id"}) == project.shots[0].model_dump(
            exclude={"id"}
        )
        assert back.characters[0].model_dump(exclude={"id"}) == project.characters[0].model_dump(
            exclude={"id"}
        )


# --- compose -> parse -> compose --------------------------------------------------------
# Every strategy below builds valid inputs (tests/strategies.py): no example returns early,
# so each one reaches the assertions (see --hypothesis-show-statistics).


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(storyboards(), st.sampled_from(Language))
def test_compose_parse_compose_is_stable_one_take(project: Project, lang: Language) -> None:
    first = compose_film(project, TABLE, lang).text
    parsed = parse_prompt(first)
    assert parsed.language is lang
    assert len(parsed.shots) == len(project.shots)
    assert [s.duration for s in parsed.shots] == [s.duration for s in project.shots]
    assert parsed.look.size == project.look.size
    assert compose_film(parsed, TABLE, lang).text == first


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(storyboards(max_shots=1), st.sampled_from(Language))
def test_compose_parse_compose_is_stable_per_shot_single(project: Project, lang: Language) -> None:
    first = compose_shot(project, project.shots[0], TABLE, lang).text
    parsed = parse_prompt(first)
    assert len(parsed.shots) == 1
    assert compose_shot(parsed, parsed.shots[0], TABLE, lang).text == first


# --- robustness -------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(pasted_texts)
def test_any_text_with_a_visible_character_parses(text: str) -> None:
    """Only empty input is an error: junk still becomes a valid project of one shot or more."""
    project = parse_prompt(text)
    assert project.shots
    Project.model_validate(project.model_dump())


@settings(max_examples=50, deadline=None)
@given(blank_texts)
def test_blank_text_is_refused_as_empty(text: str) -> None:
    with pytest.raises(PromptParseError, match="empty"):
        parse_prompt(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(composable_projects(max_shots=4), st.sampled_from(Language))
def test_composed_prompts_of_any_project_parse(project: Project, lang: Language) -> None:
    """Whatever the composer accepts, the parser reads back (wild text and all)."""
    parsed = parse_prompt(compose_film(project, TABLE, lang).text)
    assert len(parsed.shots) >= 1


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "text",
    [
        "a" + " " * 200_000 + "b",
        "镜头" + " " * 200_000 + "x",
        "# a" + " " * 200_000 + "b",
        "角色：" + "a (" * 60_000,
        "Keywords: " + "a," * 100_000,
        "0-" * 100_000,
        "1. x\n" * 40_000,
        "**" * 100_000,
    ],
    ids=["spaces", "marker-spaces", "heading", "characters", "keywords", "dashes", "shots", "bold"],
)
def test_pathological_input_finishes(text: str) -> None:
    """Linear-time regexes: each of these hangs a naive backtracking pattern."""
    with contextlib.suppress(PromptParseError):
        parse_prompt(text)
