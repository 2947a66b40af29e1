#!/usr/bin/env bash
# Runs the template micro-benchmarks (validate + render, catalog load) in Release with BenchmarkDotNet's
# ShortRun job (1 launch, 3 warm-up and 3 measured iterations): enough to compare on a shared machine.
# Extra arguments are passed on to BenchmarkDotNet (e.g. --exporters json).
# Results: BenchmarkDotNet.Artifacts/results/ in the repository root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet run -c Release --project bench/SecureExec.Bench -- --filter '*' --job short "$@"
