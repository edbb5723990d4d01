"""Suite-wide test set-up.

With ``STUDIO_NO_QT=1`` (the first phase of ``make test``) every import of a Qt binding
fails, which proves that the non-UI layers and their tests never load Qt.
"""

from __future__ import annotations

import importlib.abc
import os
import sys

import pytest

QT_MODULES = ("PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6", "pytestqt")


class _QtBlocker(importlib.abc.MetaPathFinder):
    """Refuse Qt imports: a non-UI module that pulls Qt in fails loudly."""

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in QT_MODULES:
            raise ImportError(f"{fullname} imported in a no-Qt test run (layering violation)")
        return None


if os.environ.get("STUDIO_NO_QT") == "1":
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in QT_MODULES)
    if loaded:
        raise RuntimeError(f"Qt was already imported before tests started: {loaded}")
    sys.meta_path.insert(0, _QtBlocker())


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Caches the code writes by default (thumbnails) go to a temporary folder, never the
    user's own cache."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


def pytest_addoption(parser, pluginmanager) -> None:
    """Keep pytest-qt's ini keys known when the plugin is disabled (no-Qt phase)."""
    if not pluginmanager.has_plugin("pytest-qt"):
        for key in ("qt_api", "qt_log_level_fail", "qt_log_ignore"):
            parser.addini(key, "(pytest-qt is disabled in this run)", type="linelist")


@pytest.fixture
def ring():
    """An in-memory OS keyring for the test: secrets never reach the real one."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    old = keyring.get_keyring()
    mem = MemoryKeyring()
    keyring.set_keyring(mem)
    yield mem
    keyring.set_keyring(old)


@pytest.fixture
def no_ring():
    """No OS keyring: keyring's own "no recommended backend", where every call raises."""
    import keyring
    import keyring.backends.fail

    old = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(old)


@pytest.fixture(scope="session")
def render_pool():
    """A thread pool for the local provider's renders, shared by the tests that need one
    (the provider's own default is a process pool; tests/localserver covers that)."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="animatic")
    yield pool
    pool.shutdown(wait=True, cancel_futures=True)
