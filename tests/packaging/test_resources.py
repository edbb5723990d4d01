"""One resource API in the three ways the app runs: a checkout, a wheel, a frozen bundle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from studio.storage import bundled

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_root():
    """resource_root is cached per process: forget it before and after."""
    bundled.resource_root.cache_clear()
    yield
    bundled.resource_root.cache_clear()


def test_a_checkout_reads_the_top_level_resources(fresh_root) -> None:
    assert bundled.resource_root() == ROOT / "resources"
    assert bundled.sample_project_path("zh").is_file()


def test_a_frozen_bundle_reads_its_own_copy_first(fresh_root, tmp_path, monkeypatch) -> None:
    copy = tmp_path / "resources"
    copy.mkdir()
    (copy / bundled.MARKER).write_bytes((ROOT / "resources" / bundled.MARKER).read_bytes())
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert bundled.resource_root() == copy
    assert bundled.resource_path("samples/x.sorastudio") == copy / "samples" / "x.sorastudio"


def test_a_folder_without_the_table_is_passed_over(fresh_root, tmp_path, monkeypatch) -> None:
    (tmp_path / "resources").mkdir()  # a bundle that lost its data
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert bundled.resource_root() == ROOT / "resources"


def clean_checkout(dest: Path) -> Path:
    """The files git tracks, copied: what a fresh clone holds (no built ``.qm``)."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True,
                            check=True, timeout=60).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def a_translated_message() -> tuple[str, str, str]:
    """(context, source, translation) of the first finished zh_CN message."""
    root = ET.parse(ROOT / "resources" / "translations" / "sora-studio_zh_CN.ts").getroot()
    for ctx in root.iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if (tr is not None and tr.text and tr.get("type") is None
                    and msg.get("numerus") != "yes"):
                return ctx.findtext("name") or "", msg.findtext("source") or "", tr.text
    raise AssertionError("no finished translation in the .ts")


@pytest.mark.timeout(600)
def test_a_wheel_carries_the_resources_and_reads_them_installed(tmp_path: Path) -> None:
    """Build the wheel from a clean checkout, install it alone into a scratch venv, read the
    table, a sample and a Chinese message there (the project's dependencies come from this
    venv's site-packages)."""
    source = clean_checkout(tmp_path / "checkout")
    assert not list((source / "resources" / "translations").glob("*.qm"))
    wheels = tmp_path / "wheels"
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source),
                          "-w", str(wheels)], capture_output=True, text=True, timeout=540,
                         check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    (wheel,) = wheels.glob("sora_studio-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("studio/_resources/capabilities.json",
                 "studio/_resources/samples/festival-island.zh.sorastudio",
                 f"studio/_resources/desktop/{bundled.APP_ID}.desktop",
                 f"studio/_resources/icons/hicolor/256x256/apps/{bundled.APP_ID}.png",
                 "studio/_resources/translations/sora-studio_zh_CN.qm"):
        assert name in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    target = subprocess.run([str(venv / "bin" / "python"), "-c",
                             "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    target, str(wheel)], check=True, timeout=300)
    context, source_text, chinese = a_translated_message()
    code = ("import studio, studio.storage.bundled as b; "
            "from studio.storage.project_file import load_project; "
            "print(studio.__file__); print(b.resource_root()); "
            "print(len(b.capability_table().models)); "
            "print(len(load_project(b.sample_project_path('zh')).shots)); "
            "from PySide6.QtCore import QCoreApplication as A; from studio.ui import i18n; "
            "app = A([]); print(i18n.install(app, 'zh_CN').language); "
            f"print(repr(A.translate({context!r}, {source_text!r})))")
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True,
                         text=True, cwd=tmp_path, env=env, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    module, root, models, shots, language, translated = out.stdout.splitlines()
    assert Path(module).is_relative_to(target)
    assert Path(root) == Path(target) / "studio" / "_resources"
    assert int(models) > 0 and int(shots) > 0
    assert language == "zh_CN"  # the .qm compiled into the wheel was found and loaded
    assert translated == repr(chinese)
