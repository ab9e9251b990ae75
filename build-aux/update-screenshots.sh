#!/usr/bin/env bash
# Refreshes the README's screenshots: runs the UI tests (which save PNGs
# of the main states under the build directory) and copies the ones the
# README shows to data/screenshots/, and their Chinese twins to
# data/screenshots/zh_CN/ (README.zh_CN.md).
#   bash build-aux/update-screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
shots=(empty devices form-error confirm batch-running batch-done transcript dark)

ninja -C "$build"
xvfb-run -a -s '-screen 0 1280x800x24' meson test -C "$build" --suite ui --print-errorlogs
mkdir -p data/screenshots/zh_CN
for name in "${shots[@]}"; do
  cp "$build/tests/screenshots/$name.png" "data/screenshots/$name.png"
  # The same states in Simplified Chinese (tests/test-ui-zh-cn.c).
  cp "$build/tests/screenshots/zh_CN/$name.png" "data/screenshots/zh_CN/$name.png"
done
echo "update-screenshots: ${#shots[@]} screenshots in data/screenshots/ and data/screenshots/zh_CN/"
