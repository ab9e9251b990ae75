#!/usr/bin/env bash
# The README's two quick-start commands, in one place:
#   bash build-aux/quickstart.sh run    install, build, start the app
#   bash build-aux/quickstart.sh test   install, build, run the whole test suite
# Both are idempotent: a second run reuses the build directories.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-}
case "$what" in
  run|test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

bash packaging/install-deps.sh

setup () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

if [ "$what" = run ]; then
  setup build
  ninja -C build
  export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
  # Demo mode: simulated modules of every dialect, so it can be tried
  # without hardware. With modules plugged in: ./build/src/app/fotadesk
  exec ./build/src/app/fotadesk --demo "${@:2}"
fi

# The whole suite, warnings as errors, under a virtual display for the UI
# tests; then again with AddressSanitizer and UndefinedBehaviorSanitizer.
setup build -Dwerror=true
ninja -C build
status=0
xvfb-run -a -s '-screen 0 1280x800x24' meson test -C build --print-errorlogs --num-processes 2 || status=$?
cp build/meson-logs/testlog.json build/meson-logs/testlog-main.json 2>/dev/null || true

setup build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
ninja -C build-asan
xvfb-run -a -s '-screen 0 1280x800x24' meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite validate || status=$?

# One closing line over both runs, in the plain form CI reads.
python3 build-aux/count-tests.py build/meson-logs/testlog-main.json build-asan/meson-logs/testlog.json
exit "$status"
