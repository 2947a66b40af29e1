#!/usr/bin/env bash
# Builds and runs the sandbox benchmark: /bin/true start-to-exit latency (bare fork/exec, bubblewrap alone, the
# full sandbox; p50/p99) and sequential/parallel throughput. Usage: bench/sandbox.sh [iterations] [parallelism]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh run
dotnet build bench/SecureExec.Sandbox.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet bench/SecureExec.Sandbox.Bench/bin/Release/net10.0/SecureExec.Sandbox.Bench.dll "$@"
