#!/usr/bin/env bash
# CPU profile of one scenario, as in docs/performance.md:
#   tests/load/profile.sh [scenario=declarations] [delay=52] [seconds=15] [accounts=20000]
# Seeds, starts the host with the runtime's perf map (JIT-compiled frames get their .NET names), runs the driver on
# /health/live and the scenario (15 s warm-up, 20 s each), and samples every thread of the host with `perf record`
# (cpu-clock, call graphs) from <delay> seconds after the driver starts, for <seconds>: 52 s lands inside the
# scenario's measured window; a delay past its end profiles the background work it left (outbox, inboxes).
# Prints the inclusive share of the frames that name the project's code, EF Core and PDFsharp.
# Needs `perf` (Debian: linux-perf) and permission to sample (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=${1:-declarations}; delay=${2:-52}; seconds=${3:-15}; accounts=${4:-20000}
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)" >&2; exit 2; }
data=$(mktemp -d /tmp/urssaf-profile.XXXXXX)
port=${PORT:-5091}
dotnet build src/Host/Urssaf.Host -c Release -v q -nologo >/dev/null
dotnet build tests/load/Urssaf.LoadDriver -c Release -v q -nologo >/dev/null
export ASPNETCORE_ENVIRONMENT=Testing Storage__DataDirectory="$data" Clock__StartAt=2026-10-15T08:00:00Z Logging__LogLevel__Default=Warning
limits=(); for policy in authentication message-sending public-lookup operator operator-key-failures; do limits+=("RateLimiting__${policy}__PermitLimit=100000000"); done
host=src/Host/Urssaf.Host/bin/Release/net10.0/Urssaf.Host.dll
dotnet "$host" seed "$accounts" | tail -1
dotnet "$host" mint-tokens "$accounts" "$data/tokens.txt" | tail -1
env "${limits[@]}" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$host" > "$data/host.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data" /tmp/perf-$pid.map' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
(sleep "$delay"; perf record -q -e cpu-clock -F 499 -g -p "$pid" -o "$data/perf.data" -- sleep "$seconds" >/dev/null 2>&1) &
sampler=$!
LOAD_HOST_PID=$pid dotnet tests/load/Urssaf.LoadDriver/bin/Release/net10.0/Urssaf.LoadDriver.dll "http://127.0.0.1:$port" "$data/tokens.txt" 20 32 "$scenario"
wait "$sampler"
perf script -i "$data/perf.data" 2>/dev/null | python3 tests/load/fold.py
