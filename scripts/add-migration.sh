#!/usr/bin/env bash
# Adds one migration to a module for BOTH providers (SQL Server and SQLite), so the two snapshots stay in step.
# Usage: scripts/add-migration.sh <Module> <MigrationName>      e.g. scripts/add-migration.sh Declarations AddCorrectionReason
set -euo pipefail
module=${1:?module name, e.g. Declarations}
name=${2:?migration name, e.g. AddCorrectionReason}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/Modules/$module/Urssaf.Modules.$module
dotnet build src/Host/Urssaf.Host -v q -nologo >/dev/null
for provider in SqlServer Sqlite; do
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project src/Host/Urssaf.Host \
    --context "${module}${provider}DbContext" --output-dir "Persistence/Migrations/$provider"
done
echo "Added $name to $module for SqlServer and Sqlite."
