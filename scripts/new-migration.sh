#!/usr/bin/env bash
# Adds an EF Core migration for the SQLite provider: scripts/new-migration.sh NAME
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name="${1:?usage: scripts/new-migration.sh NAME}"
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/SecureExec.Server --output-dir Storage/Migrations/Sqlite
