"""Settings storage: profiles, the recent list, and where API keys live (keyring, an
environment variable, or the opted-in owner-only file; never settings.json)."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from pydantic import ValidationError

from studio.storage.settings import (
    LOCAL_PROFILE,
    ProviderProfile,
    Settings,
    SettingsError,
    SettingsStore,
)

SECRET = "sk-test-0123456789abcdef"
ENV = "SORA_STUDIO_TEST_KEY"


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


# -- no keyring, environment variables, the opted-in file ------------------------------



def gateway(name: str = "Gateway", **kw) -> ProviderProfile:
    return ProviderProfile(name=name, base_url="https://gw/v1", **kw)


def test_keyring_available_tells_real_backends_from_fail_and_null(tmp_path, ring):
    store = SettingsStore(tmp_path)
    assert store.keyring_available()
    for none in (keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()):
        keyring.set_keyring(none)
        assert not store.keyring_available()


def test_no_keyring_and_no_opt_in_is_one_line_naming_the_profile(tmp_path, no_ring):
    store = SettingsStore(tmp_path)
    s = Settings(profiles=[gateway()])
    with pytest.raises(SettingsError, match="'Gateway'") as err:
        store.set_key(s, "Gateway", SECRET)
    assert err.value.code == "no_keyring" and err.value.profile == "Gateway"
    assert "\n" not in str(err.value) and SECRET not in str(err.value)
    with pytest.raises(SettingsError, match="'Gateway'"):
        store.get_key(s, "Gateway")
    assert store.key_source(s, "Gateway") == "none"
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere
    store.set_key(s, "Gateway", None)  # forgetting with nowhere to forget is not an error


def test_key_from_the_profiles_environment_variable(tmp_path, ring, monkeypatch):
    store = SettingsStore(tmp_path)
    s = Settings(profiles=[gateway(key_env=ENV)])
    store.set_key(s, "Gateway", "sk-from-the-keyring")
    monkeypatch.setenv(ENV, SECRET)
    assert store.get_key(s, "Gateway") == SECRET  # the variable wins over the keyring
    assert store.key_source(s, s.profile("Gateway")) == "env"
    store.save(s)
    text = store.path.read_text()
    assert ENV in text and SECRET not in text
    monkeypatch.delenv(ENV)
    assert store.get_key(s, "Gateway") == "sk-from-the-keyring"  # then the keyring
    assert store.key_source(s, "Gateway") == "keyring"
    store.set_key(s, "Gateway", None)
    with pytest.raises(SettingsError, match=f"'Gateway'.*{ENV}") as err:
        store.get_key(s, "Gateway")  # the place the user named is the one to name back
    assert err.value.code == "env_missing"


def test_environment_variable_works_with_no_keyring(tmp_path, no_ring, monkeypatch):
    store = SettingsStore(tmp_path)
    s = Settings(profiles=[gateway(key_env=ENV)])
    monkeypatch.setenv(ENV, SECRET)
    assert store.get_key(s, "Gateway") == SECRET
    monkeypatch.delenv(ENV)
    assert store.key_source(s, "Gateway") == "none"
    with pytest.raises(SettingsError, match=ENV):
        store.get_key(s, "Gateway")


@pytest.mark.parametrize("bad", ["1KEY", "MY-KEY", "MY KEY", "K" * 101, "$KEY"])
def test_key_env_must_be_an_environment_variable_name(bad):
    with pytest.raises(ValidationError, match="key_env"):
        gateway(key_env=bad)
    assert gateway(key_env=" OPENAI_API_KEY ").key_env == "OPENAI_API_KEY"
    assert gateway(key_env="_K" + "9" * 98).key_env  # 100 characters is allowed


class _FileWatch:
    """Records, through Python's audit hooks, how files under ``directory`` are created,
    chmod-ed and renamed: the only way to see the permissions of a temp file that exists
    for a moment (and a real observation of the process, not a stand-in)."""

    active: _FileWatch | None = None
    installed = False

    def __init__(self, directory: Path) -> None:
        self.directory = str(directory)
        self.creates: list[tuple[str, int]] = []  # path, open flags
        self.chmods: list[str] = []
        self.renamed_modes: dict[str, int] = {}  # rename target -> source's mode bits

    def __enter__(self) -> _FileWatch:
        if not _FileWatch.installed:
            sys.addaudithook(_FileWatch._hook)  # hooks cannot be removed: install once
            _FileWatch.installed = True
        _FileWatch.active = self
        return self

    def __exit__(self, *exc: object) -> None:
        _FileWatch.active = None

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        w = _FileWatch.active
        if w is None or event not in ("open", "os.chmod", "os.rename"):
            return
        path = os.fsdecode(args[0]) if isinstance(args[0], str | bytes | os.PathLike) else ""
        if not path.startswith(w.directory):
            return
        if event == "open" and args[2] & os.O_CREAT:
            w.creates.append((path, args[2]))
        elif event == "os.chmod":
            w.chmods.append(path)
        elif event == "os.rename":
            w.renamed_modes[os.fsdecode(args[1])] = stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_opted_in_key_file_is_owner_only_from_the_first_byte(tmp_path, no_ring):
    store = SettingsStore(tmp_path / "config")  # not there yet: we create the directory
    s = Settings(plaintext_keys=True, profiles=[gateway()])
    old_umask = os.umask(0)  # nothing narrows what the code asks for
    try:
        with _FileWatch(tmp_path) as watch:
            store.set_key(s, "Gateway", SECRET)
            mode = stat.S_IMODE(os.stat(store.secrets_path).st_mode)
            store.set_key(s, "Other", "sk-other")
    finally:
        os.umask(old_umask)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(store.directory).st_mode) == 0o700
    assert watch.creates and all(flags & os.O_EXCL for _, flags in watch.creates), watch.creates
    assert watch.chmods == []  # created 0600, never widened and narrowed afterwards
    assert watch.renamed_modes == {str(store.secrets_path): 0o600}
    assert json.loads(store.secrets_path.read_text()) == {"Gateway": SECRET, "Other": "sk-other"}
    assert store.get_key(s, "Gateway") == SECRET and store.key_source(s, "Gateway") == "file"
    leftovers = [p.name for p in store.directory.iterdir()]
    assert leftovers == ["secrets.json"]  # no temp file left behind


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_widened_key_file_is_replaced_by_an_owner_only_one(tmp_path, no_ring):
    store = SettingsStore(tmp_path)
    store.secrets_path.write_text(json.dumps({"Gateway": "sk-old"}))
    os.chmod(store.secrets_path, 0o644)  # e.g. copied over by hand
    s = Settings(plaintext_keys=True)
    store.set_key(s, "Gateway", SECRET)
    assert stat.S_IMODE(os.stat(store.secrets_path).st_mode) == 0o600


def test_forget_removes_the_key_from_file_and_keyring(tmp_path, ring):
    store = SettingsStore(tmp_path)
    store.set_key(Settings(), "Gateway", "sk-in-the-ring")
    s = Settings(plaintext_keys=True, profiles=[gateway()])
    store.set_key(s, "Gateway", SECRET)
    assert store.get_key(s, "Gateway") == SECRET  # the opted-in file comes first
    store.set_key(s, "Gateway", None)
    assert json.loads(store.secrets_path.read_text()) == {}
    assert ring.store == {}
    assert store.get_key(s, "Gateway") is None and store.key_source(s, "Gateway") == "none"


def test_a_corrupt_key_file_is_one_line_naming_the_profile(tmp_path, no_ring):
    store = SettingsStore(tmp_path)
    store.secrets_path.write_text("{not json")
    s = Settings(plaintext_keys=True, profiles=[gateway()])
    with pytest.raises(SettingsError, match=r"'Gateway'.*secrets\.json") as err:
        store.get_key(s, "Gateway")
    assert err.value.code == "secrets"


def test_keys_are_in_no_repr(tmp_path, ring, monkeypatch):
    store = SettingsStore(tmp_path)
    s = Settings(plaintext_keys=True, profiles=[gateway(key_env=ENV), gateway(name="B")])
    monkeypatch.setenv(ENV, SECRET)
    store.set_key(s, "B", "sk-b-0123456789")
    assert store.get_key(s, "Gateway") == SECRET and store.get_key(s, "B") == "sk-b-0123456789"
    shown = repr(s) + repr(vars(store)) + repr(s.profiles) + s.model_dump_json()
    assert SECRET not in shown and "sk-b-0123456789" not in shown


def test_duplicate_names_are_refused_naming_the_profile(tmp_path):
    s = Settings(profiles=[gateway(), gateway()])
    with pytest.raises(SettingsError, match="'Gateway'") as err:
        SettingsStore(tmp_path).save(s)
    assert err.value.code == "duplicate"
