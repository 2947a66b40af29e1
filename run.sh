#!/usr/bin/env bash
# Installs what is missing, then runs SecureExec on embedded defaults at http://127.0.0.1:8000.
# Extra arguments go to the server, e.g. ./run.sh --urls http://127.0.0.1:9000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/setup.sh run
dotnet build src/SecureExec.Server -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet src/SecureExec.Server/bin/Release/net10.0/secureexec.dll serve "$@"
