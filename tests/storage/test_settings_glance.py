"""The first frame's look at the settings: the same values the full load gives, or none."""

from __future__ import annotations

from pathlib import Path

from studio.storage.settings import Settings, SettingsStore
from studio.storage.settings_glance import Glance, existing_paths, glance


def test_it_reads_what_the_settings_saved(tmp_path: Path) -> None:
    project = tmp_path / "a.sorastudio"
    project.write_text("{}", "utf-8")
    settings = Settings(interface_language="zh_CN")
    settings.add_recent(project)
    SettingsStore(tmp_path).save(settings)
    seen = glance(tmp_path)
    assert seen.interface_language == SettingsStore(tmp_path).load().interface_language == "zh_CN"
    assert list(seen.recent_projects) == SettingsStore(tmp_path).load().recent_projects


def test_no_file_or_a_broken_one_means_the_defaults(tmp_path: Path) -> None:
    assert glance(tmp_path) == Glance()
    (tmp_path / "settings.json").write_bytes(b"\xff{ not json")
    assert glance(tmp_path) == Glance()
    (tmp_path / "settings.json").write_text("[1, 2]", "utf-8")
    assert glance(tmp_path) == Glance()


def test_unexpected_values_count_as_unset(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(
        '{"interface_language": "klingon", "recent_projects": ["/x.sorastudio", 7, null]}',
        "utf-8")
    assert glance(tmp_path) == Glance("system", ("/x.sorastudio",))
    (tmp_path / "settings.json").write_text('{"recent_projects": "/x"}', "utf-8")
    assert glance(tmp_path).recent_projects == ()


def test_only_projects_still_on_disk_are_offered(tmp_path: Path) -> None:
    kept = tmp_path / "kept.sorastudio"
    kept.write_text("{}", "utf-8")
    assert existing_paths([str(tmp_path / "gone.sorastudio"), str(kept)]) == [str(kept)]
