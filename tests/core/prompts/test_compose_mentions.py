"""An ``@handle`` typed in a shot's text expands in the composed prompt like a listed one."""

from __future__ import annotations

from studio.core.model import Character, Language, Project, Shot
from studio.core.prompts.compose import compose_film, compose_shot, mentions
from studio.core.prompts.parse import parse_prompt
from studio.storage.bundled import capability_table

TABLE = capability_table()


def _project() -> Project:
    return Project(
        title="Pier", language=Language.EN,
        characters=[Character(name="Mei Lin", handle="mei", description="red raincoat"),
                    Character(name="Old Tom", handle="tom", description="grey beard")],
        shots=[Shot(id="a", title="Wait", description="@mei waits for @Tom on the pier.",
                    camera="static", duration=4),
               Shot(id="b", title="Mail", description="Write to tom@example.com, not @nobody.",
                    camera="pan", duration=4)],
    )


def test_mentions_skip_mail_addresses_and_trailing_dots() -> None:
    assert mentions("@mei meets @Tom. Mail tom@example.com, @mei again") == ["mei", "Tom"]


def test_a_mention_in_the_description_names_the_character_and_its_look() -> None:
    project = _project()
    text = compose_shot(project, project.shots[0], TABLE).text
    assert "Characters: Mei Lin (@mei): red raincoat; Old Tom (@tom): grey beard" in text
    assert "@mei waits for @Tom" in text  # the description itself is as written


def test_listed_and_mentioned_characters_appear_once_in_order() -> None:
    project = _project()
    project.shots[0].characters = ["tom"]
    text = compose_shot(project, project.shots[0], TABLE).text
    assert "Characters: Old Tom (@tom): grey beard; Mei Lin (@mei): red raincoat" in text
    assert text.count("Old Tom") == 1


def test_unknown_handles_and_mail_addresses_add_no_character() -> None:
    project = _project()
    text = compose_shot(project, project.shots[1], TABLE).text
    assert "Characters:" not in text and "nobody" not in text.split("Write to")[0]


def test_a_composed_mention_reads_back_and_composes_the_same() -> None:
    project = _project()
    text = compose_film(project, TABLE).text
    back = parse_prompt(text)
    assert back.shots[0].characters == ["mei", "tom"]
    back.characters = project.characters
    assert compose_film(back, TABLE).text == text
