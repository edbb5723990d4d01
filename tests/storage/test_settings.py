"""Settings storage: profiles, the recent list, API keys in the keyring (never in files)."""

from __future__ import annotations

import json

import pytest

from studio.storage.settings import (
    LOCAL_PROFILE,
    ProviderProfile,
    Settings,
    SettingsError,
    SettingsStore,
)

SECRET = "sk-test-0123456789abcdef"


def test_defaults_have_the_local_profile(tmp_path):
    s = SettingsStore(tmp_path).load()
    assert s.default_profile == LOCAL_PROFILE
    assert s.active_profile().local


def test_round_trip_and_recent_list(tmp_path):
    store = SettingsStore(tmp_path)
    s = Settings()
    s.profiles.append(ProviderProfile(name="Gateway", base_url="https://gw/v1", models=["sora-2"]))
    for i in range(15):
        s.add_recent(tmp_path / f"p{i}.sorastudio")
    s.add_recent(tmp_path / "p3.sorastudio")
    store.save(s)
    back = store.load()
    assert back == s
    assert len(back.recent_projects) == 10 and back.recent_projects[0].endswith("p3.sorastudio")


def test_bad_file_is_one_clear_error(tmp_path):
    (tmp_path / "settings.json").write_text('{"profiles": 3}')
    with pytest.raises(SettingsError, match="profiles"):
        SettingsStore(tmp_path).load()


def test_keys_live_in_the_keyring_not_in_files(tmp_path, ring):
    store = SettingsStore(tmp_path)
    s = Settings()
    store.set_key(s, "Gateway", SECRET)
    store.save(s)
    assert store.get_key(s, "Gateway") == SECRET
    assert ring.store == {("sora-studio", "profile:Gateway"): SECRET}
    assert all(SECRET not in f.read_text() for f in tmp_path.iterdir())
    store.set_key(s, "Gateway", None)
    assert store.get_key(s, "Gateway") is None


def test_plaintext_keys_only_with_the_opt_in(tmp_path, ring):
    store = SettingsStore(tmp_path)
    s = Settings(plaintext_keys=True)
    store.set_key(s, "Gateway", SECRET)
    assert not ring.store
    assert json.loads(store.secrets_path.read_text()) == {"Gateway": SECRET}
    assert store.secrets_path.stat().st_mode & 0o077 == 0
