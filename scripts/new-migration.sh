#!/usr/bin/env bash
# Adds an EF Core migration for every storage provider (SQLite, PostgreSQL): scripts/new-migration.sh NAME
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name="${1:?usage: scripts/new-migration.sh NAME}"
dotnet tool restore >/dev/null
dotnet build src/SecureExec.Server -nologo -v quiet -clp:ErrorsOnly
dotnet ef migrations add "$name" --no-build --project src/SecureExec.Server --context SecureExecDbContext --output-dir Storage/Migrations/Sqlite
dotnet ef migrations add "$name" --no-build --project src/SecureExec.Server --context PostgresDbContext --output-dir Storage/Migrations/Postgres
