"""The settings dialog: provider profiles with keys kept in the keyring."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.storage.bundled import capability_table
from studio.storage.settings import Settings, SettingsStore
from studio.ui.settings_dialog import SettingsDialog

SECRET = "sk-test-0123456789abcdef"


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
