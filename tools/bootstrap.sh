#!/usr/bin/env bash
# Sets up everything pap-guide needs, then leaves a ready virtualenv in .venv.
#   tools/bootstrap.sh app    system libraries for the app, then the Python packages
#   tools/bootstrap.sh test   the same plus what the test suite needs
# On Debian or Ubuntu missing system packages are installed with apt-get (as
# root, or through sudo when it needs no password). Elsewhere it stops and
# says what to install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-app}"
VENV="${PAP_GUIDE_VENV:-$ROOT/.venv}"

# libvlc-bin: its trigger writes libVLC's plugin cache (plugins.dat), and again whenever
# VLC's plugins change; without it libVLC opens every plugin at each start (160 ms here)
APP_DEBS=(libvlc5 vlc-plugin-base libvlc-bin libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libxcb-xkb1)
TEST_DEBS=(pulseaudio pulseaudio-utils sox libsox-fmt-base poppler-utils strace faketime
  util-linux sqlite3  # sqlite3: the tamper tests use its command line
  sound-theme-freedesktop  # a real recording (CC-BY-SA-3.0) for the format tests
  dpkg-dev desktop-file-utils)  # the .deb test: dpkg-deb, desktop-file-validate
# The tests also need Node.js and npm, for FHIR.js, the R4 validator of the FHIR exports
# (tools/validate); node_debs installs Debian's nodejs and npm when the commands are missing.
VALIDATE="$ROOT/tools/validate"

say() { printf 'pap-guide setup: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

is_debian() { [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }

# missing_debs and apt_install
. "$ROOT/tools/apt.sh"

system_packages() {
  local wanted=("${APP_DEBS[@]}")
  [ "$MODE" = test ] && wanted+=("${TEST_DEBS[@]}")
  if is_debian; then
    local missing
    missing="$(missing_debs "${wanted[@]}")"
    # shellcheck disable=SC2086
    [ -z "$missing" ] || apt_install $missing
  else
    say "not Debian or Ubuntu: make sure these are installed with your package manager:"
    say "  VLC 3 (libVLC and its plugins), Python 3.11 or newer$([ "$MODE" = test ] && echo ', PulseAudio, sox, poppler-utils, strace, libfaketime, util-linux (mount), Node.js and npm')"
  fi
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  die "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11 to choose one)"
}

make_venv() {
  local python
  python="$(find_python)"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating virtualenv $VENV"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      if is_debian; then
        apt_install "python3-venv"
        "$python" -m venv "$VENV" || die "could not create a virtualenv with $python"
      else
        die "could not create a virtualenv with $python (is the venv module installed?)"
      fi
    fi
  fi
  local extras="" stamp
  [ "$MODE" = test ] && extras="[test]"
  stamp="$VENV/.pap-guide-$MODE-$(cat "$ROOT/pyproject.toml" | cksum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ]; then
    say "installing Python packages into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null \
      || die "could not upgrade pip (is the package index reachable?)"
    "$VENV/bin/python" -m pip install -q -e "$ROOT$extras" \
      || die "pip could not install pap-guide's packages (see the messages above)"
    touch "$stamp"
  fi
}

check_libvlc() {
  "$VENV/bin/python" - <<'PY' || die "libVLC cannot be loaded: install VLC 3 (Debian/Ubuntu: libvlc5 vlc-plugin-base)"
import vlc
assert vlc.Instance("--quiet") is not None
PY
}

node_debs() {
  # One at a time, and only what is missing: a Node.js from elsewhere (NodeSource's
  # nodejs brings its own npm and conflicts with Debian's npm package) is used as it is.
  command -v node >/dev/null 2>&1 || apt_install nodejs
  command -v npm >/dev/null 2>&1 || apt_install npm
}

node_packages() {
  # FHIR.js at the version package-lock.json pins, in tools/validate/node_modules.
  command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)"
  local stamp
  stamp="$VALIDATE/node_modules/.pap-guide-$(cat "$VALIDATE/package-lock.json" | cksum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ]; then
    say "installing the FHIR R4 validator (npm ci in tools/validate)"
    (cd "$VALIDATE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) \
      || die "npm could not install tools/validate's packages (is the npm registry reachable?)"
    touch "$stamp"
  fi
}

system_packages
make_venv
check_libvlc
if [ "$MODE" = test ]; then
  ! is_debian || node_debs
  node_packages
fi
