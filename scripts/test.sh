#!/usr/bin/env bash
# Runs every test assembly of the solution (restore and build included) and ends with one summary line,
# "N passed, N failed, N skipped", summed over the assemblies. Exits non-zero when a build or a test fails.
# Extra arguments go to vstest; --filter EXPRESSION is understood as with dotnet test (e.g. --filter "FullyQualifiedName~Declarations").
#
# One vstest process runs every test assembly, each in its own test host, as many at a time as the machine has cores,
# longest first (ADR 0141): the browser and end-to-end assemblies start at once and the module assemblies fill the other
# lane. A single vstest instead of one `dotnet test` per project spares an MSBuild evaluation and a vstest start per
# assembly (ADR 0142). TEST_JOBS overrides the count.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
logs=$(mktemp -d)
start=$(date +%s)
dotnet build Urssaf.sln -c Debug -nologo -v q > "$logs/build.log" 2>&1
build=$?
grep -E "error|Warn|Elapsed" "$logs/build.log"
if [ "$build" -ne 0 ]; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "build failed" >&2
  exit "$build"
fi
built=$(date +%s)

# Short-lived test processes (and the hosts they start) spend a quarter less CPU without tiered PGO's instrumentation,
# the background GC thread and Tier0 loops running for thousands of iterations before on-stack replacement (ADR 0141),
# and without tier-1 recompilation (the end-to-end tests' processes a quarter less again): precompiled framework code
# runs as shipped, the rest stays at tier 0 (loops still reach optimised code by on-stack replacement), since no test
# process lives long enough to earn back a second compile of its hot methods (ADR 0144).
export DOTNET_TieredPGO=0 DOTNET_gcConcurrent=0 DOTNET_OSR_HitLimit=0 DOTNET_TC_CallCounting=0

# longest first (measured), then any other test project
first=(tests/Urssaf.Web.BrowserTests tests/Urssaf.EndToEndTests tests/Urssaf.Host.Tests tests/Urssaf.ArchitectureTests
       tests/Modules/Urssaf.Modules.Identity.Tests tests/Modules/Urssaf.Modules.Payments.Tests
       tests/Modules/Urssaf.Modules.Notifications.Tests tests/Modules/Urssaf.Modules.Compliance.Tests)
mapfile -t found < <(find tests -name '*Tests.csproj' -not -path '*/bin/*' -not -path '*/obj/*' -printf '%h\n' | sort)
projects=("${first[@]}")
for project in "${found[@]}"; do
  [[ " ${first[*]} " == *" $project "* ]] || projects+=("$project")
done

assemblies_to_run=()
for project in "${projects[@]}"; do
  dll="$project/bin/Debug/net10.0/$(basename "$project").dll"
  [ -f "$dll" ] || { echo "0 passed, 1 failed, 0 skipped"; echo "not built: $dll" >&2; exit 1; }
  assemblies_to_run+=("$dll")
done
extra=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --filter) [ "$#" -ge 2 ] || { echo "--filter needs an expression" >&2; exit 2; }; extra+=("--TestCaseFilter:$2"); shift 2 ;;
    --filter=*) extra+=("--TestCaseFilter:${1#--filter=}"); shift ;;
    *) extra+=("$1"); shift ;;
  esac
done

dotnet vstest "${assemblies_to_run[@]}" --Parallel "${extra[@]}" -- RunConfiguration.MaxCpuCount="${TEST_JOBS:-$(nproc)}" > "$logs/all.log" 2>&1
status=$?
grep -E '^(Passed|Failed)!' "$logs/all.log"
grep -E 'Test Run Aborted|active test run was aborted|crashed|Testhost process .* exited' "$logs/all.log" | head -20
grep -E '^\s+Failed |Error Message' -A 12 "$logs/all.log" | head -300
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$logs/all.log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '^(Passed|Failed)!' "$logs/all.log")
# every assembly must report (a filter may leave some without a matching test)
if [ "${#extra[@]}" -eq 0 ] && [ "$assemblies" -ne "${#projects[@]}" ] && [ "$status" -eq 0 ]; then status=1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$assemblies of ${#projects[@]} test assemblies ran"
echo "wall time: $(( $(date +%s) - start )) s (build $(( built - start )) s, tests $(( $(date +%s) - built )) s)"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ]; then rm -rf "$logs"; else echo "whole log: $logs/all.log"; fi
[ "$status" -eq 0 ]
