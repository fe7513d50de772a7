#!/usr/bin/env bash
# Set everything up, then serve the default models on http://localhost:${PORT:-3000} (Swagger UI at /).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/bentoml serve service:TextRecognizer --port "${PORT:-3000}" "$@"
