"""The desktop integration files pass the distributions' own validators, and agree.

desktop-file-validate (desktop-file-utils) and appstreamcli (appstream) are Debian packages
that scripts/bootstrap.sh installs: a machine without them fails here rather than skipping
(CI installs them). The MIME XML is checked by building a MIME database from it.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from studio.storage.bundled import APP_ICON_SIZES, APP_ID, app_icon_path, resource_path

DESKTOP = resource_path(f"desktop/{APP_ID}.desktop")
METAINFO = resource_path(f"desktop/{APP_ID}.metainfo.xml")
MIME_XML = resource_path(f"desktop/{APP_ID}.mime.xml")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install it (scripts/bootstrap.sh does, as root)"
    return path


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_is_valid() -> None:
    out = _run(_tool("desktop-file-validate"), str(DESKTOP))
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


def test_the_appstream_metainfo_is_valid() -> None:
    out = _run(_tool("appstreamcli"), "validate", "--no-net", str(METAINFO))
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_broken_entry_fails_the_validator(tmp_path: Path) -> None:
    """The validator is really consulted: the same entry without its Name is refused."""
    broken = tmp_path / DESKTOP.name
    broken.write_text("\n".join(line for line in DESKTOP.read_text("utf-8").splitlines()
                                if not line.startswith("Name=")) + "\n", encoding="utf-8")
    assert _run(_tool("desktop-file-validate"), str(broken)).returncode != 0


def test_the_entry_the_metainfo_and_the_mime_type_agree() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID and entry["Name[zh_CN]"] and entry["Comment[zh_CN]"]
    assert entry["Categories"] == "AudioVideo;Video;"
    assert entry["Exec"].split()[0] == "sora-studio"
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == DESKTOP.name
    zh = "{http://www.w3.org/XML/1998/namespace}lang"
    assert {n.get(zh) for n in meta.findall("name")} == {None, "zh_CN"}
    assert {n.get(zh) for n in meta.findall("summary")} == {None, "zh_CN"}
    assert meta.find("content_rating") is not None and meta.find("releases/release") is not None
    for url in meta.findall("screenshots/screenshot/image"):  # each one is in the repository
        assert (SCREENSHOTS / url.text.rsplit("/", 1)[-1]).is_file(), url.text
    mime = ET.parse(MIME_XML).getroot()[0]
    assert entry["MimeType"] == f"{mime.get('type')};"
    assert meta.findtext("provides/mediatype") == mime.get("type")


def test_the_mime_type_builds_a_database_that_knows_the_project_files(tmp_path: Path) -> None:
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages)
    out = _run(_tool("update-mime-database"), str(tmp_path / "mime"))
    assert out.returncode == 0, out.stderr
    globs = (tmp_path / "mime" / "globs2").read_text("utf-8")
    assert "application/x-sorastudio:*.sorastudio" in globs


@pytest.mark.parametrize("size", APP_ICON_SIZES)
def test_each_icon_size_is_a_square_png_of_that_size(size: int) -> None:
    with Image.open(app_icon_path(size)) as image:
        assert image.format == "PNG" and image.size == (size, size)
        assert image.mode == "RGBA"
        alpha = image.getchannel("A")
        assert alpha.getpixel((0, 0)) == 0  # rounded corners: transparent
        assert alpha.getpixel((size // 2, size // 2)) == 255  # the mark itself: opaque


def test_the_svg_icon_is_there_and_scalable() -> None:
    root = ET.parse(app_icon_path()).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
