"""Bringing a storyboard in without widgets: reading pastes and files, refusing with codes,
merging into the project (replace or append) with durations as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.app.storyboard import (
    ImportMode,
    StoryboardRefused,
    decode,
    merged,
    read_file,
    read_file_async,
    read_text,
)
from studio.app.tasks import TaskManager
from studio.core.model import Character, Look, Project, Shot
from studio.core.prompts.parse import MAX_INPUT_CHARS
from studio.storage.bundled import capability_table

CORPUS = Path(__file__).parents[1] / "core" / "prompts" / "corpus"
TABLE = capability_table()
STORY = (
    "风格：水彩\n画幅：9:16\n1. 清晨（3秒）\n镜头：航拍\n2. 午后（6秒）\n镜头：特写\n配乐：钢琴\n"
)


def _current() -> Project:
    return Project(
        title="Mine",
        look=Look(model="sora-2", provider="openai", style="", music="strings",
                  keywords=["sea"]),
        shots=[Shot(title="existing", duration=8)],
        characters=[Character(name="Ahai", handle="ahai")],
    )


@pytest.mark.parametrize("text", ["", "  \n\t", "\u3000\n"])
def test_nothing_to_read_is_refused_as_empty(text: str) -> None:
    with pytest.raises(StoryboardRefused) as err:
        read_text(text)
    assert err.value.code == "empty"


def test_a_paste_past_the_limit_is_refused_with_its_size() -> None:
    with pytest.raises(StoryboardRefused) as err:
        read_text("x" * (MAX_INPUT_CHARS + 1))
    assert (err.value.code, err.value.params["chars"]) == ("too_long", MAX_INPUT_CHARS + 1)


def test_durations_stay_as_written_even_where_no_model_makes_them() -> None:
    reading = read_text(STORY)
    assert [s.duration for s in reading.project.shots] == [3, 6]
    assert [s.camera for s in reading.project.shots] == ["航拍", "特写"]


def test_files_in_the_encodings_chat_apps_and_editors_save(tmp_path: Path) -> None:
    for name, data in (
        ("utf8.md", STORY.encode("utf-8")),
        ("bom.txt", STORY.encode("utf-8-sig")),
        ("gbk.txt", STORY.encode("gb18030")),
        ("utf16.txt", STORY.encode("utf-16")),
        ("crlf.txt", STORY.replace("\n", "\r\n").encode("utf-8")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        project = read_file(path).project
        assert [s.duration for s in project.shots] == [3, 6], name
        assert (project.look.style, project.look.size) == ("水彩", "720x1280"), name


def test_binary_missing_and_huge_files_are_refused_with_codes(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(StoryboardRefused) as err:
        read_file(png)
    assert err.value.code == "not_text"
    with pytest.raises(StoryboardRefused) as err:
        read_file(tmp_path / "gone.md")
    assert err.value.code == "unreadable" and err.value.params["reason"]
    with pytest.raises(StoryboardRefused) as err:
        decode(b"\xff\xfe\x00\xd8")  # a lone surrogate in UTF-16
    assert err.value.code == "not_text"


async def test_a_file_is_read_off_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "deepseek.txt"
    path.write_bytes((CORPUS / "zh_deepseek_glued.txt").read_bytes())
    reading = await read_file_async(TaskManager(), path)
    assert len(reading.project.shots) == 4 and reading.project.look.size == "720x1280"


def test_replace_takes_the_storyboard_and_keeps_the_projects_identity() -> None:
    current = _current()
    before = current.model_dump()
    incoming = read_text(STORY).project
    out = merged(current, incoming, ImportMode.REPLACE, TABLE)
    assert current.model_dump() == before  # untouched: undo returns to it
    assert (out.id, out.look.model, out.look.provider) == (current.id, "sora-2", "openai")
    assert [s.title for s in out.shots] == ["清晨", "午后"]
    assert [s.duration for s in out.shots] == [3, 6]
    assert (out.look.style, out.look.music) == ("水彩", "钢琴")
    assert out.look.size in TABLE["sora-2"].sizes and out.look.size == "720x1280"
    assert [c.handle for c in out.characters] == ["ahai"]
    assert out.title == "Mine"  # the paste named no film


def test_append_adds_shots_after_and_fills_only_empty_look_fields() -> None:
    current = _current()
    out = merged(current, read_text(STORY).project, ImportMode.APPEND, TABLE)
    assert [s.title for s in out.shots] == ["existing", "清晨", "午后"]
    assert out.shots[0].id == current.shots[0].id
    assert (out.look.style, out.look.music, out.look.size) == ("水彩", "strings", "1280x720")
    assert len({s.id for s in out.shots}) == 3


def test_append_past_the_shot_limit_is_refused() -> None:
    current = Project(shots=[Shot() for _ in range(4_999)])
    with pytest.raises(StoryboardRefused) as err:
        merged(current, read_text(STORY).project, ImportMode.APPEND, TABLE)
    assert err.value.code == "too_many_shots"


def test_a_size_the_model_does_not_make_becomes_the_closest_it_does() -> None:
    square = read_text("Aspect: 1:1\nShot 1: a cat (4s)\nCamera: static\n").project
    assert square.look.size == "480x480"
    out = merged(_current(), square, ImportMode.REPLACE, TABLE)
    assert out.look.size in TABLE["sora-2"].sizes


# --- the assistant's use cases, through the local provider's template filler ------------


async def test_the_local_assistant_drafts_improves_and_refuses_without_its_server(
        tmp_path: Path) -> None:
    from studio.app.storyboard import assistant_endpoint, draft, improve
    from studio.localserver.server import LocalProvider
    from studio.services.assistant import DraftBrief
    from studio.storage.settings import Settings, SettingsStore

    tasks, store, settings = TaskManager(), SettingsStore(tmp_path / "cfg"), Settings()
    with pytest.raises(StoryboardRefused) as err:
        await assistant_endpoint(tasks, store, settings, None)
    assert err.value.code == "assistant_offline"
    server = LocalProvider(tmp_path / "server")  # keyed, as in the window
    await server.start("127.0.0.1", 0)
    try:
        endpoint = await assistant_endpoint(tasks, store, settings, server.base_url)
        assert endpoint.api_key == server.api_key
        reading = await draft(endpoint, DraftBrief(idea="a kite festival", seconds=13, shots=3))
        assert [s.duration for s in reading.project.shots] == [5, 4, 4]
        assert reading.numbered == 3 and not reading.unread
        out = merged(_current(), reading.project, ImportMode.APPEND, TABLE)
        shot_id = out.shots[1].id
        better = await improve(endpoint, out, shot_id)
        assert better.id == shot_id and better.duration == 5
    finally:
        await server.stop()


async def test_a_remote_assistant_without_its_key_is_refused_naming_the_variable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studio.app.storyboard import assistant_endpoint
    from studio.storage.settings import ASSISTANT_PRESETS, Settings, SettingsStore

    monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    settings = Settings(assistant=ASSISTANT_PRESETS["deepseek"])
    with pytest.raises(StoryboardRefused) as err:
        await assistant_endpoint(TaskManager(), SettingsStore(tmp_path / "cfg"), settings, None)
    assert err.value.code in ("assistant_key", "assistant_no_key")
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    endpoint = await assistant_endpoint(TaskManager(), SettingsStore(tmp_path / "cfg"),
                                        settings, None)
    assert (endpoint.api_key, endpoint.model, endpoint.structured.value) == (
        "sk-test", "deepseek-chat", "json")
