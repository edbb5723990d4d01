"""Settings dialog: provider profiles (name, base URL, models, key, concurrency), language.

Works on a copy of :class:`~studio.storage.settings.Settings`; nothing is written until
OK. API keys typed here go to the store on OK (keyring, or the owner-only key file the
user opted in to) and are never shown again: the field only says where a key comes from.

Why OK never closes on an error: a profile being edited must not be lost. A failed OK
shows the reason inside the dialog, keeps every edit, and works once the cause is fixed
(e.g. the key-file opt-in ticked on a machine without a keyring).
"""

from __future__ import annotations

from pydantic import SecretStr, ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
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
        self.setWindowTitle(self.tr("Settings"))
        self._store = store
        self._table = table
        self._settings = settings.model_copy(deep=True)
        # profile name -> key typed here (None = forget); SecretStr keeps it out of reprs
        self._new_keys: dict[str, SecretStr | None] = {}
        self._current: ProviderProfile | None = None
        self._has_keyring = store.keyring_available()

        self.profiles = QListWidget()
        self.profiles.setMaximumWidth(220)
        self.add_button = QPushButton(self.tr("Add"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.default_button = QPushButton(self.tr("Make default"))
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Provider profiles")))
        left.addWidget(self.profiles, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        left.addWidget(self.default_button)

        self.name = QLineEdit()
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText("https://gateway.example/v1")  # i18n: not text
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
        self.clear_key = QPushButton(self.tr("Forget key"))
        key_row = QHBoxLayout()
        key_row.addWidget(self.api_key, 1)
        key_row.addWidget(self.clear_key)
        self.key_env = QLineEdit()
        self.key_env.setPlaceholderText("OPENAI_API_KEY")  # i18n: not text
        self.key_env.setToolTip(self.tr(
            "Name of an environment variable holding the key; when it is set, it is used "
            "instead of a stored key"))
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 32)
        self.concurrency.setToolTip(self.tr("How many generations may run at once on this "
                                            "provider"))
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Base URL"), self.base_url)
        form.addRow(self.tr("&Models"), self.models)
        key_label = QLabel(self.tr("API &key"))  # a row of a layout: the buddy is set here,
        key_label.setBuddy(self.api_key)  # or the label shows a literal "&"
        form.addRow(key_label, key_row)
        form.addRow(self.tr("Key from &environment variable"), self.key_env)
        form.addRow(self.tr("&Concurrency"), self.concurrency)
        self.interface_language = QComboBox()
        self.interface_language.addItem(self.tr("System ({language})").format(
            language=self._system_language_name()), "system")
        self.interface_language.addItem(self.tr("English"), "en")
        self.interface_language.addItem(self.tr("简体中文"), "zh_CN")
        self.interface_language.setCurrentIndex(max(0, self.interface_language.findData(
            self._settings.interface_language)))
        form.addRow(self.tr("&Interface language"), self.interface_language)
        self.interface_note = QLabel(self.tr("Applies when Sora Studio starts again."))
        self.interface_note.setWordWrap(True)
        self.interface_note.setEnabled(False)
        form.addRow("", self.interface_note)
        self.language = QComboBox()
        self.language.addItem(self.tr("English"), "en")
        self.language.addItem(self.tr("简体中文"), "zh")
        self.language.setCurrentIndex(max(0, self.language.findData(self._settings.language)))
        form.addRow(self.tr("Prompt lan&guage"), self.language)
        self.language_note = QLabel(self.tr(
            "The language of new projects, their composed prompts and the sample project."))
        self.language_note.setWordWrap(True)
        self.language_note.setEnabled(False)
        form.addRow("", self.language_note)

        self.keyring_note = QLabel(self.tr("No system keyring was found on this computer."))
        self.keyring_note.setWordWrap(True)
        self.plaintext = QCheckBox(self.tr("Keep API keys in a file only I can read"))
        self.plaintext.setChecked(self._settings.plaintext_keys)
        self.plaintext_warning = QLabel(self.tr(
            "Keys are kept unencrypted in {path}, readable by your user account only."
        ).format(path=store.secrets_path))
        self.plaintext_warning.setWordWrap(True)
        self.plaintext_warning.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.keyring_note)
        right.addWidget(self.plaintext)
        right.addWidget(self.plaintext_warning)
        right.addWidget(self.note)
        right.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        self.error = QLabel()  # why the last OK failed; the dialog stays open
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(820, 540)  # room for the two language rows and long model ids

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.profiles.currentRowChanged.connect(self._show_profile)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.default_button.clicked.connect(self._make_default)
        self.clear_key.clicked.connect(self._forget_key)
        self.plaintext.toggled.connect(self._plaintext_toggled)
        self.name.textChanged.connect(self._name_typed)
        self._fill_list()

    def _system_language_name(self) -> str:
        """What "System" means on this desktop, in that language's own name."""
        from studio.ui.i18n import resolve

        return "简体中文" if resolve("system") == "zh_CN" else "English"  # i18n: not text

    # -- profile list --------------------------------------------------------------
    def _fill_list(self, select: int = 0) -> None:
        self.profiles.blockSignals(True)
        self.profiles.clear()
        for i in range(len(self._settings.profiles)):
            self.profiles.addItem(QListWidgetItem())
            self._label_row(i)
        self.profiles.blockSignals(False)
        self._current = None
        self.profiles.setCurrentRow(min(select, self.profiles.count() - 1))

    def _label_row(self, row: int, name: str | None = None) -> None:
        """The list line of a profile (``name``: as being typed): the default one says so,
        in bold."""
        p, item = self._settings.profiles[row], self.profiles.item(row)
        default = p.name == self._settings.default_profile
        name = name or p.name
        item.setText(self.tr("{name} (default)").format(name=name) if default else name)
        font = item.font()
        font.setBold(default)
        item.setFont(font)

    def _name_typed(self, text: str) -> None:
        row = self.profiles.currentRow()
        if self._current is not None and not self._current.local and row >= 0:
            self._label_row(row, text.strip())

    def _show_profile(self, row: int) -> None:
        self._commit_form()
        if row < 0:
            return
        p = self._settings.profiles[row]
        self._current = p
        self.name.setText(p.name)
        self.base_url.setText(self.tr("(built in, loopback)") if p.local else p.base_url)
        self.key_env.setText(p.key_env)
        for w in (self.name, self.base_url, self.api_key, self.clear_key, self.key_env):
            w.setEnabled(not p.local)
        self.remove_button.setEnabled(not p.local)
        for i in range(self.models.count()):
            item = self.models.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in p.models
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.concurrency.setValue(p.concurrency)
        self.api_key.clear()
        self._show_key_options(p)
        self.note.setText(
            self.tr("The local animatic provider runs inside the studio on a free loopback "
                    "port and needs no key.") if p.local else
            self.tr("Any endpoint that speaks the Videos API (/v1/videos). Its key is never "
                    "written to the settings file and never shown again.")
        )

    def _show_key_options(self, p: ProviderProfile) -> None:
        """Without a keyring: say so and offer the key-file opt-in (kept visible once on)."""
        offer = not p.local and (not self._has_keyring or self.plaintext.isChecked())
        self.keyring_note.setVisible(not p.local and not self._has_keyring)
        self.plaintext.setVisible(offer)
        self.plaintext_warning.setVisible(offer)
        self.api_key.setPlaceholderText(self._key_state(p))

    def _key_state(self, p: ProviderProfile) -> str:
        if p.local:
            return self.tr("not needed")
        if p.name in self._new_keys:
            return self.tr("will be stored") if self._new_keys[p.name] else self.tr(
                "will be removed")
        source = self._store.key_source(self._settings, p)
        if source == "env":
            return self.tr("taken from {var}").format(var=p.key_env)
        if source == "file":
            return self.tr("stored in the key file — type to replace")
        if source == "keyring":
            return self.tr("stored in the keyring — type to replace")
        if not self._has_keyring and not self._settings.plaintext_keys:
            return self.tr("no keyring — tick the key file option or use a variable")
        return self.tr("no key stored")

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
            elif (key := self._stored_key(p)) is not None:
                self._new_keys[new] = SecretStr(key)
                self._new_keys[old] = None
            if self._settings.default_profile == old:
                self._settings.default_profile = new
            p.name = new
        p.base_url = self.base_url.text().strip()
        p.key_env = self.key_env.text().strip()
        if self.api_key.text():
            self._new_keys[p.name] = SecretStr(self.api_key.text())
        row = next((i for i, q in enumerate(self._settings.profiles) if q is p), None)
        if row is not None and row < self.profiles.count():
            self._label_row(row)

    def _stored_key(self, p: ProviderProfile) -> str | None:
        """The key the store keeps for ``p`` (file or keyring; never the environment's)."""
        bare = p.model_copy(update={"key_env": ""})
        try:
            return self._store.get_key(self._settings, bare)
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

    def _plaintext_toggled(self, on: bool) -> None:
        self._settings.plaintext_keys = on
        if self._current is not None:
            self._show_key_options(self._current)

    # -- result --------------------------------------------------------------------
    def result_settings(self) -> Settings:
        return self._settings

    def accept(self) -> None:
        """Save, or say why not inside the dialog and keep every edit."""
        self._commit_form()
        self._settings.language = self.language.currentData()
        self._settings.interface_language = self.interface_language.currentData()
        self._settings.plaintext_keys = self.plaintext.isChecked()
        self.error.hide()
        try:
            checked = Settings.model_validate(self._settings.model_dump())
        except ValidationError as exc:
            self._show_error(self._invalid_text(exc))
            return
        try:
            # new keys first (no keyring: fails before anything is written), then the
            # settings, then forgetting: no failure loses a key a saved profile needs
            for name, key in self._new_keys.items():
                p = checked.profile(name)
                if key is not None and p is not None and not p.local:
                    self._store.set_key(checked, name, key.get_secret_value())
            self._store.save(checked)
            for name, key in self._new_keys.items():
                if key is None:
                    self._store.set_key(checked, name, None)
        except SettingsError as exc:
            self._show_error(self._error_text(exc), exc.profile)
            return
        self._settings = checked
        self._new_keys.clear()
        super().accept()

    def _show_error(self, text: str, profile: str | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        row = next((i for i, p in enumerate(self._settings.profiles) if p.name == profile), -1)
        if row >= 0:
            self.profiles.setCurrentRow(row)

    def _error_text(self, exc: SettingsError) -> str:
        if exc.code == "no_keyring":
            return self.tr(
                "Not saved: there is no system keyring to keep the API key of “{profile}”. "
                "Your edits are kept — tick “Keep API keys in a file only I can read” or "
                "name an environment variable, then press OK again."
            ).format(profile=exc.profile)
        if exc.code == "duplicate":
            return self.tr("Not saved: two provider profiles are named “{profile}”. Rename "
                           "one, then press OK again.").format(profile=exc.profile)
        return self.tr("Not saved: {reason}. Your edits are kept; press OK to try again."
                       ).format(reason=str(exc))

    def _invalid_text(self, exc: ValidationError) -> str:
        first = exc.errors()[0]
        loc = first.get("loc", ())
        profile = ""
        if len(loc) >= 2 and loc[0] == "profiles" and isinstance(loc[1], int):
            profile = self._settings.profiles[loc[1]].name
        field = str(loc[-1]) if loc else ""
        labels = {
            "name": self.tr("the name"),
            "base_url": self.tr("the base URL"),
            "models": self.tr("the model list"),
            "key_env": self.tr("the environment variable name"),
            "concurrency": self.tr("the concurrency"),
        }
        what = labels.get(field, field)
        if field == "key_env":
            reason = self.tr("letters, digits and _ only, not starting with a digit, at most "
                             "100 characters")
        else:
            reason = str(first.get("msg", ""))
        return self.tr("Not saved: in profile “{profile}”, {what} is not valid ({reason}). "
                       "Your edits are kept.").format(profile=profile, what=what,
                                                       reason=reason)


def show_settings(window) -> None:
    """File ▸ Settings: the dialog over the window; accepted settings apply at once."""
    dlg = SettingsDialog(window.settings, window.store, window.doc.table, window)
    try:
        if dlg.exec() == SettingsDialog.DialogCode.Accepted:
            window.settings = dlg.result_settings()
            window.inspector.set_settings(window.settings)
            window.settingsChanged.emit()
    finally:
        dlg.deleteLater()
