#!/usr/bin/env bash
# Installs what is missing, builds the Release configuration and launches the capiqa console.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh run
cmake --preset release
cmake --build --preset release
exec ./build/release/src/app/capiqa "$@"
