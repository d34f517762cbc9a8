# Shared by tools/bootstrap.sh and tools/package.sh (sourced, after they define
# say and die): which Debian packages are missing, and installing them with
# apt-get as root, or through sudo when it needs no password.

missing_debs() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || printf '%s\n' "$pkg"
  done
}

apt_install() {
  local runner=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      runner=(sudo -n)
    else
      die "these system packages are missing: $*
  Install them with:  sudo apt-get install $*"
    fi
  fi
  say "installing system packages: $*"
  "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || die "apt-get update failed; install by hand: apt-get install $*"
  "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install failed; install by hand: apt-get install $*"
}
