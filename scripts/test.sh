#!/usr/bin/env bash
# Installs what is missing, builds the ci configuration (warnings are errors) and runs the whole
# test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
cmake --preset ci
cmake --build --preset ci
QT_QPA_PLATFORM=offscreen ctest --preset ci --parallel 2
