"""User settings: provider profiles, language, recent projects; API keys in the OS keyring.

The settings file is JSON under the platform's user config dir, validated on load and
written atomically. It never holds an API key: keys go to the OS keyring (``keyring``)
under service :data:`KEYRING_SERVICE`, one entry per profile. Only when the user opts in
explicitly (``plaintext_keys``; for machines without a keyring) are keys written to a
separate ``secrets.json`` readable by the owner only. Keys are never logged.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Annotated

import keyring
import keyring.errors
import platformdirs
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from studio.storage.atomic import atomic_write_bytes

APP_NAME = "sora-studio"
KEYRING_SERVICE = "sora-studio"
LOCAL_PROFILE = "Local animatic"
MAX_RECENT = 10

Name = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]


class SettingsError(Exception):
    """Settings or secrets cannot be read or written; ``str()`` is one user-facing line."""


class ProviderProfile(BaseModel):
    """Where generations go. ``local`` profiles use the embedded animatic server."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    base_url: Annotated[str, StringConstraints(max_length=500)] = ""
    local: bool = False
    models: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=100
    )
    concurrency: int = Field(default=2, ge=1, le=32)


def local_profile() -> ProviderProfile:
    """The default profile: the in-process animatic provider, needs no key."""
    return ProviderProfile(name=LOCAL_PROFILE, local=True, models=["animatic"], concurrency=2)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    profiles: list[ProviderProfile] = Field(default_factory=lambda: [local_profile()])
    default_profile: Name = LOCAL_PROFILE
    language: Annotated[str, StringConstraints(pattern=r"^(en|zh)$")] = "en"
    recent_projects: list[Annotated[str, StringConstraints(max_length=4_000)]] = Field(
        default_factory=list, max_length=50
    )
    plaintext_keys: bool = False  # explicit opt-in: keys in secrets.json, not the keyring

    def profile(self, name: str) -> ProviderProfile | None:
        return next((p for p in self.profiles if p.name == name), None)

    def active_profile(self) -> ProviderProfile:
        """The default profile, falling back to the local one when it went missing."""
        return self.profile(self.default_profile) or self.profile(LOCAL_PROFILE) or local_profile()

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` first in the recent list (deduplicated, capped)."""
        p = str(Path(path).resolve())
        self.recent_projects = [p, *[r for r in self.recent_projects if r != p]][:MAX_RECENT]

    def remove_recent(self, path: str | os.PathLike[str]) -> None:
        p = str(Path(path).resolve())
        self.recent_projects = [r for r in self.recent_projects if r != p]


def default_settings_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


class SettingsStore:
    """Loads and saves :class:`Settings` and the profiles' API keys in ``directory``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_settings_dir()

    @property
    def path(self) -> Path:
        return self.directory / "settings.json"

    @property
    def secrets_path(self) -> Path:
        return self.directory / "secrets.json"

    def load(self) -> Settings:
        """The saved settings, defaults when there are none; SettingsError when unreadable."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            raise SettingsError(f"{self.path}: {exc.strerror or exc}") from None
        try:
            settings = Settings.model_validate_json(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ())) or "file"
            raise SettingsError(f"{self.path}: {where}: {first.get('msg')}") from None
        if settings.profile(LOCAL_PROFILE) is None:
            settings.profiles.insert(0, local_profile())
        return settings

    def save(self, settings: Settings) -> None:
        names = [p.name for p in settings.profiles]
        if len(set(names)) != len(names):
            raise SettingsError("two provider profiles have the same name")
        data = settings.model_dump_json(indent=2).encode() + b"\n"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, data)
        except OSError as exc:
            raise SettingsError(f"{self.path}: {exc.strerror or exc}") from None

    # -- secrets -------------------------------------------------------------------
    def get_key(self, settings: Settings, profile: str) -> str | None:
        """The API key of ``profile``, or None when none is stored."""
        if settings.plaintext_keys:
            return self._read_secrets().get(profile)
        try:
            return keyring.get_password(KEYRING_SERVICE, _account(profile))
        except keyring.errors.KeyringError as exc:
            raise SettingsError(f"cannot read the API key from the keyring: {exc}") from None

    def set_key(self, settings: Settings, profile: str, key: str | None) -> None:
        """Store (or with None/"" remove) the API key of ``profile``."""
        if settings.plaintext_keys:
            secrets = self._read_secrets()
            if key:
                secrets[profile] = key
            else:
                secrets.pop(profile, None)
            self._write_secrets(secrets)
            return
        try:
            if key:
                keyring.set_password(KEYRING_SERVICE, _account(profile), key)
            else:
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    keyring.delete_password(KEYRING_SERVICE, _account(profile))
        except keyring.errors.KeyringError as exc:
            raise SettingsError(
                f"cannot store the API key in the keyring ({type(exc).__name__}); "
                "install a keyring backend or opt in to a plain-text key file"
            ) from None

    def _read_secrets(self) -> dict[str, str]:
        try:
            data = json.loads(self.secrets_path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{self.secrets_path}: unreadable ({type(exc).__name__})") from None
        if not isinstance(data, dict):
            raise SettingsError(f"{self.secrets_path}: not a JSON object")
        return {str(k): str(v) for k, v in data.items()}

    def _write_secrets(self, secrets: dict[str, str]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        data = json.dumps(secrets, indent=2).encode()
        # Create the file owner-only before writing anything into it.
        if not self.secrets_path.exists():
            self.secrets_path.touch(mode=0o600)
        atomic_write_bytes(self.secrets_path, data)


def _account(profile: str) -> str:
    return f"profile:{profile}"
