#!/usr/bin/env bash
# Regenerates the typed client (src/Clients/Urssaf.Client) from the OpenAPI document the host serves:
# 1. copies /openapi/v1.json into src/Clients/Urssaf.Client/openapi.json (through Host.Tests' drift test),
# 2. runs Kiota (dotnet tool, see dotnet-tools.json) into Generated/, 3. records the copy's SHA-512 beside the code.
# OpenApiClientDriftTests fail when either step is stale. Usage: scripts/generate-client.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dir=src/Clients/Urssaf.Client
URSSAF_UPDATE_OPENAPI=1 dotnet test tests/Urssaf.Host.Tests --filter "FullyQualifiedName~The_client_s_copy_of_the_OpenAPI_document" -nologo -v q >/dev/null
dotnet kiota generate -l CSharp -d "$dir/openapi.json" -o "$dir/Generated" -c UrssafApiClient -n Urssaf.Client \
  --clean-output --exclude-backward-compatible --log-level Warning >/dev/null 2>&1 || { echo "kiota failed" >&2; exit 1; }
sha512sum "$dir/openapi.json" | cut -d' ' -f1 > "$dir/Generated/openapi.sha512"
echo "Regenerated $dir from the served OpenAPI document."
