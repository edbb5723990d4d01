"""Settings storage (profiles, recent list, keys in the keyring) and the settings dialog."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt

from studio.storage.bundled import capability_table
from studio.storage.settings import (
    LOCAL_PROFILE,
    ProviderProfile,
    Settings,
    SettingsError,
    SettingsStore,
)
from studio.ui.settings_dialog import SettingsDialog

SECRET = "sk-test-0123456789abcdef"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def ring():
    old = keyring.get_keyring()
    mem = MemoryKeyring()
    keyring.set_keyring(mem)
    yield mem
    keyring.set_keyring(old)


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


def test_dialog_adds_a_profile_with_a_key(qtbot, tmp_path, ring):
    store = SettingsStore(tmp_path)
    dlg = SettingsDialog(Settings(), store, capability_table())
    qtbot.addWidget(dlg)
    assert not dlg.base_url.isEnabled()  # the local profile is built in
    dlg.add_button.click()
    dlg.name.setText("My gateway")
    dlg.base_url.setText("https://gw.example/v1")
    dlg.api_key.setText(SECRET)
    dlg.concurrency.setValue(4)
    models = [dlg.models.item(i) for i in range(dlg.models.count())]
    assert [m.data(Qt.ItemDataRole.UserRole) for m in models] == capability_table().ids()
    dlg.default_button.click()
    dlg.accept()
    saved = store.load()
    p = saved.profile("My gateway")
    assert p is not None and p.base_url == "https://gw.example/v1" and p.concurrency == 4
    assert "sora-2" in p.models
    assert saved.default_profile == "My gateway"
    assert store.get_key(saved, "My gateway") == SECRET
    assert SECRET not in store.path.read_text()
