#!/usr/bin/env bash
# Installs what is missing, then builds, checks formatting and runs every test suite.
# Ends with one line "Tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/setup.sh test

results="$(pwd)/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

echo "== build"
dotnet build SecureExec.slnx -c Release -nologo -v quiet -clp:ErrorsOnly

echo "== format"
dotnet format SecureExec.slnx --verify-no-changes --no-restore

echo "== test"
status=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "-- $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    -- RunConfiguration.TreatNoTestsAsError=true || status=$?
done

# Each test server had a cgroup name of its own; remove the (empty) groups they leave.
find /sys/fs/cgroup -maxdepth 2 -type d -name 'secureexec-test-*' -exec rmdir {} + 2>/dev/null || true
rm -rf /run/secureexec-tests

scripts/test-summary.sh "$results"
exit "$status"
