#!/usr/bin/env bash
# Runs every test assembly of the solution (restore and build included) and ends with one summary line,
# "N passed, N failed, N skipped", summed over the assemblies. Exits with dotnet test's status.
# Extra arguments go to dotnet test (e.g. --filter "FullyQualifiedName~Declarations").
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log=$(mktemp)
start=$(date +%s)
dotnet build Urssaf.sln -c Debug -nologo -v q 2>&1 | tee "$log" | grep -E "error|Warn|Elapsed" || true
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "build failed" >&2
  exit "$build"
fi
dotnet test Urssaf.sln -c Debug --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "wall time: $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed, $skipped skipped"
rm -f "$log"
exit "$status"
