#!/usr/bin/env bash
# The FHIR server the push tests talk to: sekmet-fhir, pinned, in a virtualenv
# of its own (.venv-fhir), so its packages never mix with the app's .venv.
#   tools/fhir_server.sh            create or complete .venv-fhir (idempotent)
#   tools/fhir_server.sh serve      run the server by hand on 127.0.0.1:8090,
#                                   no auth, with a throwaway database
# The tests call this themselves on first use (tests/helpers/fhir_server.py);
# docs/fhir-server-tests.md says what the server does and does not do.
set -euo pipefail

SEKMET_FHIR_VERSION=0.1.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PAP_GUIDE_FHIR_VENV:-$ROOT/.venv-fhir}"
STAMP="$VENV/.installed-sekmet-fhir-$SEKMET_FHIR_VERSION"

say() { printf 'fhir test server: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  die "sekmet-fhir needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)"
}

install() {
  [ -f "$STAMP" ] && return 0
  local python
  python="$(find_python)"
  say "installing sekmet-fhir==$SEKMET_FHIR_VERSION into $VENV"
  "$python" -m venv "$VENV" \
    || die "could not create $VENV with $python (Debian: apt-get install python3-venv)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "sekmet-fhir==$SEKMET_FHIR_VERSION" \
    || die "pip could not install sekmet-fhir==$SEKMET_FHIR_VERSION (is the package index reachable?)"
  "$VENV/bin/python" -c 'import sekmet.main' \
    || die "sekmet-fhir is installed in $VENV but does not import"
  touch "$STAMP"
}

locked_install() {
  mkdir -p "$VENV"
  # the test helper already holds this lock when it calls us
  if [ -n "${PAP_GUIDE_FHIR_LOCK_HELD:-}" ] || ! command -v flock >/dev/null 2>&1; then
    install
  else
    exec 9>"$VENV/.install.lock"
    flock 9
    install
  fi
}

serve() {
  local folder
  folder="$(mktemp -d)"
  cat >"$folder/sekmet.json" <<EOF
{"base_url": "http://127.0.0.1:8090/fhir", "host": "127.0.0.1", "port": 8090,
 "db_path": "$folder/fhir.db", "simulator": {"enabled": false},
 "server_auth": {"types": ["none"]}}
EOF
  say "database in $folder; FHIR base http://127.0.0.1:8090/fhir"
  cd "$folder" && exec "$VENV/bin/sekmet" serve --config "$folder/sekmet.json"
}

case "${1:-install}" in
  install) locked_install ;;
  serve) locked_install; serve ;;
  *) die "usage: tools/fhir_server.sh [install|serve]" ;;
esac
