"""Settings at their edges: unreadable and unwritable places are one line with a code,
a keyring that refuses is named, and the local profile always comes back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from studio.storage.settings import (
    ASSISTANT_KEY_NAME,
    ASSISTANT_PRESETS,
    LOCAL_PROFILE,
    ProviderProfile,
    Settings,
    SettingsError,
    SettingsStore,
    default_settings_dir,
)

SECRET = "sk-paths-0123456789abcdef"


class LockedKeyring(KeyringBackend):
    """A keyring that is there but refuses (locked, or its daemon gone)."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("the keyring is locked")


@pytest.fixture
def locked() -> Iterator[LockedKeyring]:
    old = keyring.get_keyring()
    ring = LockedKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(old)


def gateway(name: str = "Gateway", **kw) -> ProviderProfile:
    return ProviderProfile(name=name, base_url="https://gw/v1", **kw)


def test_a_settings_file_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "settings.json").mkdir()  # a folder where the file should be
    with pytest.raises(SettingsError) as err:
        SettingsStore(tmp_path).load()
    assert err.value.code == "io" and "settings.json" in str(err.value)
    assert "\n" not in str(err.value)


def test_a_settings_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "config").write_bytes(b"a file, not a folder")
    store = SettingsStore(tmp_path / "config" / "sora-studio")
    with pytest.raises(SettingsError) as err:
        store.save(Settings())
    assert err.value.code == "io" and "settings.json" in str(err.value)
    assert (tmp_path / "config").read_bytes() == b"a file, not a folder"


def test_the_local_profile_comes_back_when_the_file_lost_it(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.save(Settings(profiles=[gateway()], default_profile="Gateway"))
    back = store.load()
    assert [p.name for p in back.profiles] == [LOCAL_PROFILE, "Gateway"]
    assert back.profile(LOCAL_PROFILE).local and back.active_profile().name == "Gateway"


def test_the_active_profile_falls_back_to_the_local_one(tmp_path: Path) -> None:
    s = Settings(profiles=[gateway()], default_profile="Gone")
    assert s.active_profile().name == LOCAL_PROFILE and s.active_profile().local


def test_remove_recent_forgets_one_project(tmp_path: Path) -> None:
    s = Settings()
    for name in ("a", "b", "c"):
        s.add_recent(tmp_path / f"{name}.sorastudio")
    s.remove_recent(tmp_path / "." / "b.sorastudio")  # the same file, spelled differently
    assert [Path(p).name for p in s.recent_projects] == ["c.sorastudio", "a.sorastudio"]


def test_the_default_folder_is_the_platforms_config_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_settings_dir() == tmp_path / "xdg" / "sora-studio"
    assert SettingsStore().path == tmp_path / "xdg" / "sora-studio" / "settings.json"


def test_the_assistants_key_goes_through_the_profile_key_api(tmp_path: Path, ring) -> None:
    store = SettingsStore(tmp_path)
    s = Settings()
    deepseek = ASSISTANT_PRESETS["deepseek"].key_profile()
    assert deepseek.name == ASSISTANT_KEY_NAME and deepseek.key_env == "DEEPSEEK_API_KEY"
    store.set_key(s, deepseek, SECRET)
    assert ring.store == {("sora-studio", f"profile:{ASSISTANT_KEY_NAME}"): SECRET}
    assert store.key_source(s, ASSISTANT_PRESETS["openai"].key_profile()) == "keyring"
    local = ASSISTANT_PRESETS["local"].key_profile()
    assert store.get_key(s, local) is None and store.key_source(s, local) == "none"


def test_a_chained_keyring_counts_only_with_a_real_backend(tmp_path: Path, ring) -> None:
    store = SettingsStore(tmp_path)

    class Chain(ChainerBackend):
        def __init__(self, backends: list[KeyringBackend]) -> None:
            super().__init__()
            self._fixed = backends

        @property
        def backends(self) -> list[KeyringBackend]:
            return self._fixed

    keyring.set_keyring(Chain([keyring.backends.null.Keyring(),
                               keyring.backends.fail.Keyring()]))
    assert not store.keyring_available()
    keyring.set_keyring(Chain([keyring.backends.null.Keyring(), ring]))
    assert store.keyring_available()


def test_a_broken_keyring_module_reads_as_no_keyring(tmp_path: Path, ring) -> None:
    class Broken(ChainerBackend):
        @property
        def backends(self) -> list[KeyringBackend]:
            raise RuntimeError("a backend module failed to import")

    keyring.set_keyring(Broken())
    store = SettingsStore(tmp_path)
    assert not store.keyring_available()
    with pytest.raises(SettingsError) as err:
        store.get_key(Settings(profiles=[gateway()]), "Gateway")
    assert err.value.code == "no_keyring"


def test_a_locked_keyring_is_named_and_the_key_is_in_no_message(tmp_path: Path,
                                                                locked) -> None:
    store = SettingsStore(tmp_path)
    s = Settings(profiles=[gateway()])
    with pytest.raises(SettingsError) as read:
        store.get_key(s, "Gateway")
    assert read.value.code == "keyring" and read.value.profile == "Gateway"
    assert "KeyringLocked" in str(read.value)
    assert store.key_source(s, "Gateway") == "none"
    with pytest.raises(SettingsError) as write:
        store.set_key(s, "Gateway", SECRET)
    assert write.value.code == "keyring" and "PasswordSetError" in str(write.value)
    assert SECRET not in str(write.value)
    store.set_key(s, "Gateway", None)  # forgetting still works: nothing to remove is fine
    assert list(tmp_path.iterdir()) == []


def test_a_key_file_that_is_not_an_object_is_one_line(tmp_path: Path, fail_ring) -> None:
    store = SettingsStore(tmp_path)
    store.secrets_path.write_text(json.dumps(["sk-a", "sk-b"]))
    s = Settings(plaintext_keys=True, profiles=[gateway()])
    with pytest.raises(SettingsError, match="not a JSON object") as err:
        store.get_key(s, "Gateway")
    assert err.value.code == "secrets" and err.value.profile == "Gateway"
    assert "sk-a" not in str(err.value)


def test_a_key_file_that_cannot_be_written_is_one_line(tmp_path: Path, fail_ring) -> None:
    # secrets.json linked into a folder that is not there (a sync folder not mounted):
    # it reads as empty, and writing through the link fails
    store = SettingsStore(tmp_path)
    store.secrets_path.symlink_to(tmp_path / "unmounted" / "secrets.json")
    s = Settings(plaintext_keys=True, profiles=[gateway()])
    with pytest.raises(SettingsError, match=r"'Gateway': cannot write key file") as err:
        store.set_key(s, "Gateway", SECRET)
    assert err.value.code == "secrets" and err.value.profile == "Gateway"
    assert SECRET not in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secrets.json"]  # the link only
    assert not (tmp_path / "unmounted").exists()


@pytest.fixture
def fail_ring() -> Iterator[None]:
    """keyring's own "no recommended backend" keyring."""
    old = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(old)
