"""Drop the DWARF debug sections from a Linux bundle's own binaries (run by the spec).

Why not PyInstaller's ``strip=True``: it strips every binary, symbol tables included, and
that breaks the libraries auditwheel vendored into ``<package>.libs/`` (numpy's OpenBLAS
failed to load: "ELF load command address/offset not page-aligned"). Here only files that
carry ``.debug_*`` sections lose them (``strip --strip-debug``: symbols stay, so a crash
still names its functions), and vendored ``*.libs`` folders are left as they are. What it
saves is mostly libpython and the Cython modules of PyAV, aiohttp and Pillow, built with
``-g`` (~60 MB on Linux x86-64).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


def _is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == ELF_MAGIC


def _has_debug_sections(path: Path) -> bool:
    out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return " .debug_" in out


def candidates(bundle: Path) -> Iterator[Path]:
    """ELF files with debug sections, outside auditwheel's ``*.libs`` folders."""
    for path in sorted(bundle.rglob("*")):
        if (path.is_symlink() or not path.is_file()
                or any(p.endswith(".libs") for p in path.relative_to(bundle).parts)):
            continue
        if _is_elf(path) and _has_debug_sections(path):
            yield path


def strip_debug(bundle: Path) -> int:
    """Strip ``bundle``'s candidates in place; returns the bytes saved. Needs binutils."""
    if shutil.which("strip") is None or shutil.which("readelf") is None:
        raise SystemExit("strip_debug: binutils' strip and readelf are needed "
                         "(Debian: apt-get install binutils)")
    saved = 0
    for path in candidates(bundle):
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    print(f"strip_debug: {strip_debug(folder) / 2**20:.0f} MB of debug sections dropped")
