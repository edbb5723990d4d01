#!/usr/bin/env bash
# Install the frozen build (dist/sora-studio) for the current user, or remove it again:
#
#   packaging/install-user.sh install      (make install-user)
#   packaging/install-user.sh uninstall    (make uninstall-user)
#
# install copies the bundle to ~/.local/lib/sora-studio, links ~/.local/bin/sora-studio to
# it, and puts the desktop entry, the icons, the AppStream metainfo and the MIME type into
# the XDG data folder (~/.local/share unless $XDG_DATA_HOME says otherwise). uninstall
# removes exactly those paths (the list below serves both) and nothing of the user's data.
# BUNDLE (default dist/sora-studio) names the folder to install.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP_ID=io.github.sorastudio.SoraStudio
BUNDLE=${BUNDLE:-$ROOT/dist/sora-studio}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
LIB=$HOME/.local/lib/sora-studio
BIN=$HOME/.local/bin/sora-studio
RES=$ROOT/resources
SIZES=(16 32 48 64 128 256 512)

die() { echo "install-user: $*" >&2; exit 1; }

# Every file this script installs (the bundle's folder and the link apart).
files() {
  echo "$DATA/applications/$APP_ID.desktop"
  echo "$DATA/metainfo/$APP_ID.metainfo.xml"
  echo "$DATA/mime/packages/$APP_ID.xml"
  echo "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
  for s in "${SIZES[@]}"; do echo "$DATA/icons/hicolor/${s}x${s}/apps/$APP_ID.png"; done
}

refresh() {  # the desktop's caches, where their tools exist
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$DATA/applications" || true
  fi
  if command -v update-mime-database >/dev/null; then
    update-mime-database "$DATA/mime" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" || true
  fi
}

install_user() {
  [ -x "$BUNDLE/sora-studio" ] || die "no $BUNDLE/sora-studio: run 'make package' first"
  rm -rf "$LIB"
  mkdir -p "$(dirname "$LIB")" "$(dirname "$BIN")"
  cp -a "$BUNDLE" "$LIB"
  ln -sfn "$LIB/sora-studio" "$BIN"
  install -D -m 644 "$RES/desktop/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"
  install -D -m 644 "$RES/desktop/$APP_ID.mime.xml" "$DATA/mime/packages/$APP_ID.xml"
  install -D -m 644 "$RES/icons/hicolor/scalable/apps/$APP_ID.svg" \
    "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
  for s in "${SIZES[@]}"; do
    install -D -m 644 "$RES/icons/hicolor/${s}x${s}/apps/$APP_ID.png" \
      "$DATA/icons/hicolor/${s}x${s}/apps/$APP_ID.png"
  done
  # The menu may not have ~/.local/bin on its PATH: the entry names the link by full path.
  mkdir -p "$DATA/applications"
  sed -e "s|^Exec=sora-studio |Exec=$BIN |" -e "s|^TryExec=.*|TryExec=$BIN|" \
    "$RES/desktop/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
  chmod 644 "$DATA/applications/$APP_ID.desktop"
  refresh
  echo "install-user: installed $BIN -> $LIB/sora-studio and the desktop entry $APP_ID"
  case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *)
    echo "install-user: note: $HOME/.local/bin is not on your PATH" ;; esac
}

uninstall_user() {
  local f
  while IFS= read -r f; do rm -f "$f"; done < <(files)
  if [ -L "$BIN" ] && [ "$(readlink "$BIN")" = "$LIB/sora-studio" ]; then rm -f "$BIN"; fi
  rm -rf "$LIB"
  refresh
  echo "install-user: removed Sora Studio ($LIB, $BIN, the desktop entry, icons, MIME type)"
}

case "${1:-}" in
  install) install_user ;;
  uninstall) uninstall_user ;;
  files) files ;;
  *) die "usage: $0 install|uninstall|files" ;;
esac
