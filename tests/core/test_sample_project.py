"""The bundled sample (what a newcomer opens first) is valid, complete and reproducible."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from studio.core.model import Language, Project, Strategy
from studio.core.prompts.compose import compose, compose_film
from studio.core.prompts.parse import parse_prompt
from studio.core.validation import validate_project
from studio.storage.bundled import capability_table, sample_project_path
from studio.storage.project_file import CURRENT_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["zh", "en"]


def _load(lang: str) -> tuple[dict[str, object], Project]:
    data = json.loads(sample_project_path(lang).read_text(encoding="utf-8"))
    return data, Project.model_validate(data["project"])


def _make_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "scripts/make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", LANGS)
def test_sample_is_a_valid_seven_shot_project(lang: str) -> None:
    data, project = _load(lang)
    assert (data["format"], data["schema_version"]) == ("sora-studio-project", CURRENT_SCHEMA)
    assert project.language is Language(lang)
    assert [s.id for s in project.shots] == [f"s{i}" for i in range(1, 8)]
    assert all(s.duration == 4 and s.camera and s.description for s in project.shots)
    look = project.look
    assert (look.model, look.provider, look.size, look.strategy) == (
        "animatic",
        "local",
        "1280x720",
        Strategy.PER_SHOT,
    )
    assert look.style and look.atmosphere and look.music and len(look.keywords) >= 8
    assert validate_project(project, capability_table()) == []


@pytest.mark.parametrize("lang", LANGS)
def test_sample_file_is_what_the_script_builds(lang: str) -> None:
    """The files are generated: editing them by hand would be lost on the next build."""
    script = _make_samples()
    expected = script.envelope(script.build(Language(lang)))
    assert sample_project_path(lang).read_text(encoding="utf-8") == expected
    assert expected.endswith("}\n") and "\\u" not in expected  # ensure_ascii=False


def test_twins_tell_the_same_film() -> None:
    _, zh = _load("zh")
    _, en = _load("en")
    assert zh.title == "海岛节日" and en.title == "Island Festival Day"
    assert [s.id for s in zh.shots] == [s.id for s in en.shots]
    assert [bool(s.notes) for s in zh.shots] == [bool(s.notes) for s in en.shots]


@pytest.mark.parametrize("lang", LANGS)
def test_sample_one_take_prompt_imports_back_as_seven_shots_with_cameras(lang: str) -> None:
    """Acceptance: import-prompt of the sample's own one-take prompt gives back the shots."""
    _, project = _load(lang)
    text = compose_film(project, capability_table()).text
    parsed = parse_prompt(text)
    assert parsed.title == project.title
    assert parsed.language is project.language
    assert [s.camera for s in parsed.shots] == [s.camera for s in project.shots]
    assert [s.title for s in parsed.shots] == [s.title for s in project.shots]
    assert [s.description for s in parsed.shots] == [s.description for s in project.shots]
    assert parsed.look.model_dump() == project.look.model_dump()
    assert compose_film(parsed, capability_table()).text == text


@pytest.mark.parametrize("lang", LANGS)
def test_sample_per_shot_prompts(lang: str) -> None:
    _, project = _load(lang)
    prompts = compose(project, capability_table())
    assert [p.shot_ids for p in prompts] == [(s.id,) for s in project.shots]
    assert all(p.seconds == 4 for p in prompts)
    for prompt, shot in zip(prompts, project.shots, strict=True):
        back = parse_prompt(prompt.text)
        assert [(s.title, s.camera) for s in back.shots] == [(shot.title, shot.camera)]
