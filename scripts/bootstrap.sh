#!/usr/bin/env bash
# Set up everything `make run` / `make test` need on a bare Debian with Python >= 3.11:
# the system libraries Qt and QtMultimedia load, a CJK font for the animatic cards,
# Xvfb for screenshots, then a virtualenv with the project and its test extras.
# Fails loudly (non-zero, one clear line) when something cannot be installed.
set -euo pipefail

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

die() { echo "bootstrap: $*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null || die "no '$PYTHON' on PATH; install Python 3.11 or newer"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || die "Python 3.11 or newer is required, found $("$PYTHON" -V 2>&1)"

# Debian packages: Qt's runtime libraries, PulseAudio client (QtMultimedia will not import
# without it), xcb for a real window, Xvfb for screenshots, a CJK font for cards, and the
# ffmpeg CLI (only bench/bench_export.py uses it, as the yardstick for the export); for the
# desktop files' validators and `make install-user`: desktop-file-utils, appstream,
# shared-mime-info; for PyInstaller (`make package`): binutils (objdump, readelf, strip);
# gcc and libc6-dev build the ELF files tests/packaging/test_strip_debug.py strips.
DEB_PACKAGES=(
  libpulse0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0
  libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 xvfb xauth fonts-noto-cjk
  ffmpeg desktop-file-utils appstream shared-mime-info binutils gcc libc6-dev
)

if command -v dpkg-query >/dev/null; then
  missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # venv needs ensurepip, which Debian ships separately.
  "$PYTHON" -c 'import ensurepip' 2>/dev/null || missing+=("python3-venv")
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "bootstrap: installing system packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q || die "apt-get update failed"
      apt-get install -y -q --no-install-recommends "${missing[@]}" || die "apt-get install failed for: ${missing[*]}"
    else
      die "missing system packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
    fi
  fi
else
  echo "bootstrap: not a Debian system; make sure Qt's runtime libraries and a CJK font are installed" >&2
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV" || die "could not create the virtualenv in $VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip || die "pip upgrade failed"
"$VENV/bin/python" -m pip install -q -e '.[test]' || die "pip install of the project failed"
"$VENV/bin/python" -c 'import studio, PySide6.QtWidgets, av, cv2, openai' \
  || die "the installed environment does not import; see the errors above"
echo "bootstrap: ready ($VENV)"
