"""Settings dialog: provider profiles (name, base URL, models, key, concurrency), language.

Works on a copy of :class:`~studio.storage.settings.Settings`; nothing is written until
OK. API keys typed here go straight to the store's keyring on OK and are never shown
again (the field only says whether a key is stored).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.capabilities import CapabilityTable
from studio.storage.settings import (
    LOCAL_PROFILE,
    ProviderProfile,
    Settings,
    SettingsError,
    SettingsStore,
)


class SettingsDialog(QDialog):
    """Edit a copy of the settings; :meth:`result_settings` is what OK saved."""

    def __init__(
        self,
        settings: Settings,
        store: SettingsStore,
        table: CapabilityTable,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._store = store
        self._table = table
        self._settings = settings.model_copy(deep=True)
        self._new_keys: dict[str, str | None] = {}  # profile name -> key (None = remove)
        self._current: ProviderProfile | None = None

        self.profiles = QListWidget()
        self.profiles.setMaximumWidth(200)
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove")
        self.default_button = QPushButton("Make default")
        left = QVBoxLayout()
        left.addWidget(QLabel("Provider profiles"))
        left.addWidget(self.profiles, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        left.addWidget(self.default_button)

        self.name = QLineEdit()
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText("https://gateway.example/v1")
        self.models = QListWidget()
        self.models.setMaximumHeight(110)
        for caps in table.models:
            item = QListWidgetItem(f"{caps.label}  ({caps.id})")
            item.setData(Qt.ItemDataRole.UserRole, caps.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.models.addItem(item)
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.clear_key = QPushButton("Forget key")
        key_row = QHBoxLayout()
        key_row.addWidget(self.api_key, 1)
        key_row.addWidget(self.clear_key)
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 32)
        self.concurrency.setToolTip("How many generations may run at once on this provider")
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Base URL", self.base_url)
        form.addRow("&Models", self.models)
        form.addRow("API &key", key_row)
        form.addRow("&Concurrency", self.concurrency)
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh")
        self.language.setCurrentIndex(max(0, self.language.findData(self._settings.language)))
        form.addRow("&Language", self.language)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.note)
        right.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.buttons)
        self.resize(680, 420)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.profiles.currentRowChanged.connect(self._show_profile)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.default_button.clicked.connect(self._make_default)
        self.clear_key.clicked.connect(self._forget_key)
        self._fill_list()

    # -- profile list --------------------------------------------------------------
    def _fill_list(self, select: int = 0) -> None:
        self.profiles.blockSignals(True)
        self.profiles.clear()
        for p in self._settings.profiles:
            mark = "  ★" if p.name == self._settings.default_profile else ""
            self.profiles.addItem(p.name + mark)
        self.profiles.blockSignals(False)
        self._current = None
        self.profiles.setCurrentRow(min(select, self.profiles.count() - 1))

    def _show_profile(self, row: int) -> None:
        self._commit_form()
        if row < 0:
            return
        p = self._settings.profiles[row]
        self._current = p
        self.name.setText(p.name)
        self.base_url.setText("(built in, loopback)" if p.local else p.base_url)
        for w in (self.name, self.base_url, self.api_key, self.clear_key):
            w.setEnabled(not p.local)
        self.remove_button.setEnabled(not p.local)
        for i in range(self.models.count()):
            item = self.models.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in p.models
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.concurrency.setValue(p.concurrency)
        self.api_key.clear()
        self.api_key.setPlaceholderText(self._key_state(p))
        self.note.setText(
            "The local animatic provider runs inside the studio on a free loopback port "
            "and needs no key." if p.local else
            "Any endpoint that speaks the Videos API (/v1/videos). The key is kept in "
            "the system keyring, never in the settings file."
        )

    def _key_state(self, p: ProviderProfile) -> str:
        if p.local:
            return "not needed"
        if p.name in self._new_keys:
            return "will be stored" if self._new_keys[p.name] else "will be removed"
        try:
            stored = self._store.get_key(self._settings, p.name)
        except SettingsError:
            return "keyring unavailable"
        return "stored in the keyring — type to replace" if stored else "no key stored"

    def _commit_form(self) -> None:
        """Copy the form into the profile being shown (validated on OK)."""
        p = self._current
        if p is None:
            return
        p.concurrency = self.concurrency.value()
        p.models = [
            self.models.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.models.count())
            if self.models.item(i).checkState() == Qt.CheckState.Checked
        ]
        if p.local:
            return
        old, new = p.name, self.name.text().strip() or p.name
        if new != old:
            if old in self._new_keys:
                self._new_keys[new] = self._new_keys.pop(old)
            elif (key := self._safe_get(old)) is not None:
                self._new_keys[new] = key
                self._new_keys[old] = None
            if self._settings.default_profile == old:
                self._settings.default_profile = new
            p.name = new
        p.base_url = self.base_url.text().strip()
        if self.api_key.text():
            self._new_keys[p.name] = self.api_key.text()

    def _safe_get(self, name: str) -> str | None:
        try:
            return self._store.get_key(self._settings, name)
        except SettingsError:
            return None

    def _add(self) -> None:
        self._commit_form()
        n = 1
        names = {p.name for p in self._settings.profiles}
        while f"Provider {n}" in names:
            n += 1
        self._settings.profiles.append(
            ProviderProfile(name=f"Provider {n}", models=[m for m in self._table.ids()
                                                          if m != "animatic"])
        )
        self._fill_list(len(self._settings.profiles) - 1)

    def _remove(self) -> None:
        row = self.profiles.currentRow()
        p = self._settings.profiles[row]
        if p.local:
            return
        self._current = None
        del self._settings.profiles[row]
        self._new_keys[p.name] = None
        if self._settings.default_profile == p.name:
            self._settings.default_profile = LOCAL_PROFILE
        self._fill_list(max(0, row - 1))

    def _make_default(self) -> None:
        self._commit_form()
        row = self.profiles.currentRow()
        self._settings.default_profile = self._settings.profiles[row].name
        self._fill_list(row)

    def _forget_key(self) -> None:
        if self._current is not None:
            self.api_key.clear()
            self._new_keys[self._current.name] = None
            self.api_key.setPlaceholderText(self._key_state(self._current))

    # -- result --------------------------------------------------------------------
    def result_settings(self) -> Settings:
        return self._settings

    def accept(self) -> None:
        self._commit_form()
        self._settings.language = self.language.currentData()
        try:
            checked = Settings.model_validate(self._settings.model_dump())
            self._store.save(checked)
            for name, key in self._new_keys.items():
                if any(p.name == name for p in checked.profiles) or key is None:
                    self._store.set_key(checked, name, key)
        except (SettingsError, ValueError) as exc:
            QMessageBox.warning(self, "Settings", str(exc).splitlines()[0])
            return
        self._settings = checked
        self._new_keys.clear()
        super().accept()
