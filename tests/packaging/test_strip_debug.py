"""packaging/strip_debug.py on real ELF files: a library built with ``-g`` in a stand-in
bundle loses its debug sections and still loads and runs; one in an auditwheel ``*.libs``
folder and a non-ELF file are left byte for byte."""

from __future__ import annotations

import ctypes
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SOURCE = "int triple(int x) { return 3 * x; }\n"


def _module():
    """The script, loaded by path (``packaging`` would be PyPI's package of that name)."""
    spec = importlib.util.spec_from_file_location("strip_debug",
                                                  ROOT / "packaging" / "strip_debug.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sections(path: Path) -> str:
    return subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    compiler = shutil.which("gcc") or shutil.which("cc")
    assert compiler, "a C compiler is needed to build the test's ELF files"
    src = tmp_path / "triple.c"
    src.write_text(SOURCE)
    root = tmp_path / "bundle"
    for lib in (root / "pkg" / "triple.so", root / "pkg.libs" / "vendored.so"):
        lib.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([compiler, "-g", "-O1", "-shared", "-fPIC", str(src), "-o", str(lib)],
                       check=True, timeout=120)
    (root / "pkg" / "data.txt").write_text("not an ELF file\n")
    return root


def test_debug_sections_go_and_the_library_still_works(bundle: Path) -> None:
    own, vendored = bundle / "pkg" / "triple.so", bundle / "pkg.libs" / "vendored.so"
    assert " .debug_info" in _sections(own)
    vendored_before = vendored.read_bytes()
    size_before = own.stat().st_size

    saved = _module().strip_debug(bundle)

    assert saved == size_before - own.stat().st_size > 0
    after = _sections(own)
    assert " .debug_" not in after
    assert " .symtab" in after  # symbols stay: a crash still names its functions
    assert ctypes.CDLL(str(own)).triple(14) == 42
    assert vendored.read_bytes() == vendored_before
    assert (bundle / "pkg" / "data.txt").read_text() == "not an ELF file\n"


def test_a_second_pass_finds_nothing_left(bundle: Path) -> None:
    module = _module()
    module.strip_debug(bundle)
    assert list(module.candidates(bundle)) == []
    assert module.strip_debug(bundle) == 0
