#!/usr/bin/env bash
# Runs the template micro-benchmarks (validate + render, catalog load) in Release.
# Job: BenchmarkDotNet's ShortRun by default (1 launch, 3 warm-up and 3 measured iterations, about two minutes);
# BENCH_JOB=default for the full default job (about five minutes, tighter error bars).
# Extra arguments are passed on to BenchmarkDotNet (e.g. --exporters json).
# Results: BenchmarkDotNet.Artifacts/results/ in the repository root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet run -c Release --project bench/SecureExec.Bench -- --filter '*' --job "${BENCH_JOB:-short}" "$@"
