#!/usr/bin/env bash
# Sums the TRX files of one test run into a single closing line.
set -euo pipefail
dir="$1"
passed=0; failed=0; skipped=0; files=0
for f in "$dir"/*.trx; do
  [ -e "$f" ] || continue
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$f" | head -n 1)"
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$files" -eq 0 ]; then
  echo "Tests: 0 passed, 1 failed (no test results were written)"
  exit 1
fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
