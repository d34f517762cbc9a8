#!/usr/bin/env bash
# Starts pap-guide, setting it up first if needed. Extra arguments go to the app.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/tools/bootstrap.sh" app
VENV="${PAP_GUIDE_VENV:-$ROOT/.venv}"
exec "$VENV/bin/pap-guide" "$@"
