"""The settings dialog: provider profiles and their keys, with and without an OS keyring.

The keyring is real keyring code with its backend swapped: the suite's in-memory one
(``ring``) or keyring's own "no recommended backend" keyring, as on a headless desktop.
"""

from __future__ import annotations

import json
import os
import stat

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from studio.storage.bundled import capability_table
from studio.storage.settings import ProviderProfile, Settings, SettingsStore
from studio.ui.settings_dialog import SettingsDialog

SECRET = "sk-test-0123456789abcdef"



def open_dialog(qtbot, settings: Settings, store: SettingsStore) -> SettingsDialog:
    dlg = SettingsDialog(settings, store, capability_table())
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def press_ok(dlg: SettingsDialog) -> None:
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def add_gateway(dlg: SettingsDialog, name: str = "My gateway", key: str = SECRET) -> None:
    dlg.add_button.click()
    dlg.name.setText(name)
    dlg.base_url.setText("https://gw.example/v1")
    dlg.api_key.setText(key)


def row_texts(dlg: SettingsDialog) -> list[str]:
    return [dlg.profiles.item(i).text() for i in range(dlg.profiles.count())]


def test_dialog_adds_a_profile_with_a_key(qtbot, tmp_path, ring):
    store = SettingsStore(tmp_path)
    dlg = open_dialog(qtbot, Settings(), store)
    assert not dlg.base_url.isEnabled()  # the local profile is built in
    assert not dlg.keyring_note.isVisible() and not dlg.plaintext.isVisible()
    add_gateway(dlg)
    dlg.concurrency.setValue(4)
    models = [dlg.models.item(i) for i in range(dlg.models.count())]
    assert [m.data(Qt.ItemDataRole.UserRole) for m in models] == capability_table().ids()
    assert not dlg.keyring_note.isVisible() and not dlg.plaintext.isVisible()
    assert row_texts(dlg) == ["Local animatic (default)", "My gateway"]
    dlg.default_button.click()
    assert row_texts(dlg) == ["Local animatic", "My gateway (default)"]
    assert dlg.profiles.item(1).font().bold() and not dlg.profiles.item(0).font().bold()
    press_ok(dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted and not dlg.isVisible()
    saved = store.load()
    p = saved.profile("My gateway")
    assert p is not None and p.base_url == "https://gw.example/v1" and p.concurrency == 4
    assert "sora-2" in p.models
    assert saved.default_profile == "My gateway"
    assert store.get_key(saved, "My gateway") == SECRET
    assert SECRET not in store.path.read_text()
    assert not store.secrets_path.exists()
    assert dlg.result_settings() == saved


def test_the_key_field_never_shows_a_stored_key(qtbot, tmp_path, ring):
    store = SettingsStore(tmp_path)
    s = Settings(profiles=[ProviderProfile(name="Gateway", base_url="https://gw/v1")])
    store.set_key(s, "Gateway", SECRET)
    dlg = open_dialog(qtbot, s, store)
    dlg.profiles.setCurrentRow(1)
    assert dlg.api_key.text() == ""
    assert dlg.api_key.placeholderText() == "stored in the keyring — type to replace"
    assert dlg.api_key.echoMode() == dlg.api_key.EchoMode.Password
    assert SECRET not in repr(vars(dlg))


def test_no_keyring_error_inline_then_opt_in_writes_an_owner_only_file(qtbot, tmp_path,
                                                                     no_ring):
    store = SettingsStore(tmp_path / "config")
    dlg = open_dialog(qtbot, Settings(), store)
    add_gateway(dlg)
    # the page says there is no keyring and offers the key file, with its path
    assert dlg.keyring_note.isVisible() and "No system keyring" in dlg.keyring_note.text()
    assert dlg.plaintext.isVisible() and not dlg.plaintext.isChecked()
    assert str(store.secrets_path) in dlg.plaintext_warning.text()
    assert dlg.key_env.isVisible() and dlg.key_env.isEnabled()

    press_ok(dlg)
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.isVisible() and dlg.error.wordWrap()
    assert "“My gateway”" in dlg.error.text() and "no system keyring" in dlg.error.text()
    assert SECRET not in dlg.error.text()
    assert SECRET not in repr(vars(dlg))  # the pending key is held as a SecretStr
    assert not store.directory.exists()  # nothing half-written
    # every edit is still there, on screen
    assert row_texts(dlg) == ["Local animatic (default)", "My gateway"]
    assert dlg.profiles.currentRow() == 1 and dlg.name.text() == "My gateway"
    assert dlg.base_url.text() == "https://gw.example/v1"

    press_ok(dlg)  # pressing again without a fix: the same clear line, still open
    assert dlg.isVisible() and "no system keyring" in dlg.error.text()

    dlg.plaintext.setChecked(True)
    press_ok(dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted and not dlg.isVisible()
    assert stat.S_IMODE(os.stat(store.secrets_path).st_mode) == 0o600
    assert json.loads(store.secrets_path.read_text()) == {"My gateway": SECRET}
    saved = store.load()
    assert saved.plaintext_keys and saved.profile("My gateway") is not None
    assert SECRET not in store.path.read_text()
    assert store.get_key(saved, "My gateway") == SECRET
    assert store.key_source(saved, "My gateway") == "file"


def test_cancel_after_an_error_discards_only_the_edits(qtbot, tmp_path, no_ring):
    store = SettingsStore(tmp_path)
    before = Settings()
    before.profiles.append(ProviderProfile(name="Kept", base_url="https://k/v1",
                                           key_env="KEPT_KEY"))
    store.save(before)
    original = before.model_copy(deep=True)
    dlg = open_dialog(qtbot, before, store)
    add_gateway(dlg)
    press_ok(dlg)
    assert dlg.isVisible() and dlg.error.isVisible()
    dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dlg.result() == QDialog.DialogCode.Rejected and not dlg.isVisible()
    assert store.load() == original  # the saved profile survives, the new one never landed
    assert before == original  # the caller's settings were never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_key_from_an_environment_variable(qtbot, tmp_path, no_ring, monkeypatch):
    store = SettingsStore(tmp_path)
    dlg = open_dialog(qtbot, Settings(), store)
    add_gateway(dlg, key="")
    dlg.key_env.setText("1NOT-A-NAME")
    press_ok(dlg)
    assert dlg.isVisible() and "“My gateway”" in dlg.error.text()
    assert "environment variable" in dlg.error.text()
    dlg.key_env.setText("STUDIO_TEST_GATEWAY_KEY")
    press_ok(dlg)  # no keyring is needed: nothing to store
    assert dlg.result() == QDialog.DialogCode.Accepted
    saved = store.load()
    assert saved.profile("My gateway").key_env == "STUDIO_TEST_GATEWAY_KEY"
    monkeypatch.setenv("STUDIO_TEST_GATEWAY_KEY", SECRET)
    assert store.get_key(saved, "My gateway") == SECRET
    again = open_dialog(qtbot, saved, store)
    again.profiles.setCurrentRow(1)
    assert again.api_key.placeholderText() == "taken from STUDIO_TEST_GATEWAY_KEY"
    assert again.api_key.text() == ""


def test_the_language_options_say_what_they_change(qtbot, tmp_path):
    dlg = open_dialog(qtbot, Settings(), SettingsStore(tmp_path))
    for combo, note, words in ((dlg.language, dlg.language_note, ("prompts", "sample")),
                               (dlg.interface_language, dlg.interface_note, ("starts again",))):
        assert note.isVisible() and note.wordWrap()
        assert all(w in note.text().lower() for w in words), note.text()
        below = note.mapTo(dlg, note.rect().topLeft()).y() - combo.mapTo(
            dlg, combo.rect().bottomLeft()).y()
        assert 0 <= below < 3 * combo.height()  # next to the option it explains


def test_the_interface_language_is_saved_for_the_next_start(qtbot, tmp_path):
    store = SettingsStore(tmp_path)
    dlg = open_dialog(qtbot, Settings(), store)
    assert dlg.interface_language.currentData() == "system"  # the default follows the desktop
    assert [dlg.interface_language.itemData(i) for i in range(3)] == ["system", "en", "zh_CN"]
    dlg.interface_language.setCurrentIndex(dlg.interface_language.findData("zh_CN"))
    press_ok(dlg)
    assert store.load().interface_language == "zh_CN"
    assert store.load().language == "en"  # the prompts' language is a separate choice
