#!/usr/bin/env bash
# Set everything up, then run the test suite (unit, model and real-server HTTP tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
