#!/usr/bin/env bash
# Builds dist/pap-guide_<version>_<arch>.deb: a self-contained install of pap-guide.
#   tools/package.sh
# A PyInstaller one-folder bundle (the app, Python, Qt, every Python package,
# libVLC and the VLC plugins it plays with, the protocols, playlists and demo
# music) under /opt/pap-guide, a /usr/bin/pap-guide launcher, a desktop entry
# and the icon. Sets itself up: the app's system packages and a virtualenv of
# its own (.venv-package) through tools/bootstrap.sh, then what the build needs
# (dpkg-dev, desktop-file-utils, libvlc-bin for vlc-cache-gen) with apt-get, as
# root or through sudo when it needs no password. Safe to run again. See
# docs/packaging.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PAP_GUIDE_PACKAGE_VENV:-$ROOT/.venv-package}"
BUILD="$ROOT/build/package"
DIST="$ROOT/dist"
SPEC="$ROOT/packaging/pap-guide.spec"
# the Wayland libraries too: Qt's wayland platform plugin is bundled, and Depends is
# worked out from what the bundle links on this machine
BUILD_DEBS=(dpkg-dev desktop-file-utils libvlc-bin binutils file
  libwayland-client0 libwayland-cursor0 libwayland-egl1)
VLC_LIBDIR="${PAP_GUIDE_VLC_LIBDIR:-/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)}"
export PAP_GUIDE_VLC_LIBDIR="$VLC_LIBDIR"

say() { printf 'pap-guide package: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1 \
  || die "a .deb is built on Debian or Ubuntu (with dpkg and apt-get)"

# missing_debs and apt_install
. "$ROOT/tools/apt.sh"

set_up() {
  # the app's system libraries and its Python packages, in a virtualenv of the build's own
  PAP_GUIDE_VENV="$VENV" "$ROOT/tools/bootstrap.sh" app
  local missing
  missing="$(missing_debs "${BUILD_DEBS[@]}")"
  # shellcheck disable=SC2086
  [ -z "$missing" ] || apt_install $missing
  local stamp
  stamp="$VENV/.pap-guide-package-$(cksum <"$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ]; then
    say "installing PyInstaller into $VENV"
    "$VENV/bin/python" -m pip install -q -e "$ROOT[package]" \
      || die "pip could not install PyInstaller (is the package index reachable?)"
    touch "$stamp"
  fi
}

bundle() {
  say "bundling with PyInstaller (build/package)"
  # the icon is rendered offscreen: no display is needed
  QT_QPA_PLATFORM=offscreen "$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
    --workpath "$BUILD/work" --distpath "$BUILD/bundle" "$SPEC"
  local plugins="$BUILD/bundle/pap-guide/_internal/vlc/plugins" cache_gen="$VLC_LIBDIR/vlc/vlc-cache-gen"
  if [ -x "$cache_gen" ]; then
    "$cache_gen" "$plugins" || die "vlc-cache-gen failed on $plugins"
  else
    say "no vlc-cache-gen (libvlc-bin): libVLC will scan its plugins at each start"
  fi
}

# Debian packages that provide the libraries the bundle takes from the system.
system_depends() {
  local bundle="$1" internal="$1/_internal" libs=() file path pkg
  local search
  search="$(find "$internal" -type f -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)"
  local linked="$BUILD/ldd.txt"
  find "$bundle" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
    | xargs -0 file -N -F '|' | awk -F'|' '/ELF/ {print $1}' \
    | LD_LIBRARY_PATH="$search" xargs -n 50 ldd >"$linked" 2>/dev/null || true
  if grep -q "not found" "$linked"; then
    die "bundled files need libraries found neither in the bundle nor on this system:
$(grep "not found" "$linked" | sort -u)"
  fi
  mapfile -t libs < <(awk '$2 == "=>" && $3 ~ /^\// {print $3}' "$linked" | grep -v "^$bundle/" | sort -u)
  for path in "${libs[@]}"; do
    pkg="$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null \
      || dpkg -S "${path#/usr}" 2>/dev/null || true)"
    [ -n "$pkg" ] || die "no Debian package owns $path, which the bundle needs"
    printf '%s\n' "${pkg%%:*}"
  done | sed 's/:.*//' | sort -u
}

glibc_needed() {
  # the newest GLIBC_x.y symbol version any bundled file asks for
  find "$1" -type f -name '*.so*' -print0 -o -type f -perm -u+x -print0 \
    | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' \
    | sort -uV | tail -n1
}

stage() {
  local version="$1" arch="$2" root="$BUILD/root"
  rm -rf "$root"
  mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/scalable/apps"
  cp -a "$BUILD/bundle/pap-guide" "$root/opt/pap-guide"
  # links PyInstaller left to the libraries the spec took out
  find "$root/opt/pap-guide" -xtype l -delete
  install -m 0755 "$ROOT/packaging/launcher.sh" "$root/usr/bin/pap-guide"
  install -m 0644 "$ROOT/packaging/pap-guide.desktop" "$root/usr/share/applications/pap-guide.desktop"
  desktop-file-validate "$root/usr/share/applications/pap-guide.desktop" \
    || die "the desktop entry does not validate"
  install -m 0644 "$ROOT/pap_guide/icons/pap-guide.svg" "$root/usr/share/icons/hicolor/scalable/apps/pap-guide.svg"
  QT_QPA_PLATFORM=offscreen "$VENV/bin/python" "$ROOT/packaging/render_icons.py" \
    "$ROOT/pap_guide/icons/pap-guide.svg" "$root/usr/share/icons/hicolor" >/dev/null
  local depends glibc found pkg
  glibc="$(glibc_needed "$root/opt/pap-guide")"
  found="$(system_depends "$root/opt/pap-guide")" || exit 1
  depends="libc6 (>= $glibc)"
  for pkg in $found; do
    [ "$pkg" = libc6 ] || depends+=", $pkg"
  done
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" \
    -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$root" | cut -f1)/" \
    -e "s/@MAINTAINER@/${DEBFULLNAME:-pap-guide maintainers} <${DEBEMAIL:-pap-guide@localhost}>/" \
    "$ROOT/packaging/control.in" >"$root/DEBIAN/control"
  # the licences of what the bundle carries, and the package's changelog
  install -D -m 0644 "$ROOT/packaging/copyright" "$root/usr/share/doc/pap-guide/copyright"
  printf 'pap-guide (%s) unstable; urgency=medium\n\n  * Built by tools/package.sh.\n\n -- %s  %s\n' \
    "$version" "${DEBFULLNAME:-pap-guide maintainers} <${DEBEMAIL:-pap-guide@localhost}>" \
    "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}")" \
    | gzip -9n >"$root/usr/share/doc/pap-guide/changelog.gz"
  chmod 0644 "$root/usr/share/doc/pap-guide/changelog.gz"
  find "$root" -type d -exec chmod 0755 {} +
}

set_up
VERSION="$("$VENV/bin/python" -c 'import pap_guide; print(pap_guide.__version__)')"
ARCH="$(dpkg --print-architecture)"
bundle
stage "$VERSION" "$ARCH"
mkdir -p "$DIST"
DEB="$DIST/pap-guide_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$BUILD/root" "$DEB" >/dev/null
say "built $DEB ($(du -h "$DEB" | cut -f1))"
echo "$DEB"
