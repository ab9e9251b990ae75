#!/bin/sh
# Runs every libFuzzer target for a while on a scratch copy of its seed
# corpus (new inputs never land in the source tree). A crashing input is
# left in OUT/<target>/crashes/: copy it into tests/fuzz/corpus/<target>/
# once fixed, so the normal test run replays it for ever.
#
#   tests/fuzz/run-fuzzers.sh BUILD-DIR [SECONDS] [OUT-DIR]
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build=${1:?usage: $0 BUILD-DIR [SECONDS] [OUT-DIR]}
seconds=${2:-60}
out=${3:-$(mktemp -d /tmp/fotadesk-fuzz.XXXXXX)}
here=$(cd "$(dirname "$0")" && pwd)
status=0

for target in rsfota mfw luat imei line-splitter; do
  exe="$build/tests/fuzz/fuzz-$target"
  work="$out/$target"
  mkdir -p "$work/corpus" "$work/crashes"
  cp "$here/corpus/$target/"* "$work/corpus/"
  echo "== fuzz-$target: ${seconds}s, log in $work/log"
  if ! "$exe" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
      -rss_limit_mb=2048 -dict="$here/at.dict" \
      -artifact_prefix="$work/crashes/" "$work/corpus" >"$work/log" 2>&1; then
    echo "   FAILED: see $work/log and $work/crashes/"
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::new_units_added|^#[0-9]+ *DONE' "$work/log" || true
done
exit $status
