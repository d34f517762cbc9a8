#!/usr/bin/env bash
# Runs the whole test suite (lint, types, tests), setting everything up first.
# Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/tools/bootstrap.sh" test
VENV="${PAP_GUIDE_VENV:-$ROOT/.venv}"
cd "$ROOT"
echo "== ruff"
"$VENV/bin/ruff" check pap_guide tests tools bench
"$VENV/bin/ruff" format --check pap_guide tests tools bench
echo "== import contracts"
"$VENV/bin/lint-imports"
echo "== mypy"
"$VENV/bin/mypy" pap_guide
echo "== pytest"
export QT_QPA_PLATFORM=offscreen
status=0
"$VENV/bin/python" -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here." >&2
  exit 1
fi
exit "$status"
