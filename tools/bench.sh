#!/usr/bin/env bash
# Benchmark of the whole pipeline on this machine: Azurite (pinned, in memory), the Feishu emulator and the local
# Functions host, driven by tools/LoadGenerator. Every scenario gets a fresh stack on free loopback ports; everything
# started here is stopped on exit (Ctrl-C included). Prints a markdown table; the JSON of each run is kept in
# artifacts/bench/. Needs the .NET 10 SDK and Node.js. Usage: bash tools/bench.sh
#
# Scenarios (BENCH_SCENARIOS, in this order by default):
#   ingest  ingest only: throughput and latency at BENCH_CONCURRENCY callers, no duplicates or reordering
#   e2e     end to end: 10 % duplicates and 10 % reordering, until Feishu is consistent
#   faults  as e2e, with the emulator injecting transient failures on 10 % of sync calls (BENCH_FAULTS)
#   bursts  as e2e, every instance's changes sent back to back (shows how bursts coalesce into fewer calls)
#
# Feishu's real limits (50 calls/s, 1000/min) would make a run of 8,000 changes last over eight minutes whatever the
# pipeline does, so the bench raises them on both sides: the emulator's (Emulator__RateLimitPerSecond/PerMinute) and
# the app's own limiter (Feishu__RateLimit__CallsPerSecond/CallsPerMinute), to BENCH_FEISHU_RATE_PER_SECOND/MINUTE.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

instances="${BENCH_INSTANCES:-1000}"
changes="${BENCH_CHANGES:-8}"
concurrency="${BENCH_CONCURRENCY:-50}"
seed="${BENCH_SEED:-42}"
latency_ms="${BENCH_FEISHU_LATENCY_MS:-20}"
faults="${BENCH_FAULTS:-server_error_rate=0.05,internal_error_rate=0.03,try_again_later_rate=0.02}"
feishu_per_second="${BENCH_FEISHU_RATE_PER_SECOND:-1000}"
feishu_per_minute="${BENCH_FEISHU_RATE_PER_MINUTE:-60000}"
consistency_timeout="${BENCH_CONSISTENCY_TIMEOUT:-10m}"
warmup_instances="${BENCH_WARMUP_INSTANCES:-20}"
# The host's console log at Information (every Azure SDK request) costs more than the work it describes.
host_log_level="${BENCH_HOST_LOG_LEVEL:-Warning}"
scenarios="${BENCH_SCENARIOS:-ingest e2e faults bursts}"
# More load generator options for every measured run, e.g. BENCH_EXTRA_ARGS="--reorder-submit --rate 200".
read -r -a extra_args <<<"${BENCH_EXTRA_ARGS:-}"
startup_timeout=90
# A hard bound on one load generator run: its own consistency timeout plus time to send.
run_timeout="${BENCH_RUN_TIMEOUT:-1200}"

out_dir="$root/artifacts/bench"
log_dir="$out_dir/logs"
rm -rf "$out_dir"
mkdir -p "$log_dir"

source "$root/tools/lib/common.sh"
require_tools dotnet node npm

stop_stack() { stop_processes; }
trap stop_stack EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

install_azurite

build_release "$log_dir/build.log" \
  tools/FeishuEmulator.Server/FeishuEmulator.Server.csproj tools/LocalHost/LocalHost.csproj tools/LoadGenerator/LoadGenerator.csproj
emulator_dll="$(release_output tools/FeishuEmulator.Server/FeishuEmulator.Server.csproj)"
localhost_dll="$(release_output tools/LocalHost/LocalHost.csproj)"
loadgen_dll="$(release_output tools/LoadGenerator/LoadGenerator.csproj)"

# start_stack SCENARIO: a fresh Azurite (in memory), emulator and local host on free ports.
start_stack() {
  local scenario="$1"
  local blob_port queue_port table_port
  blob_port="$(free_port)"; queue_port="$(free_port)"; table_port="$(free_port)"
  emulator_port="$(free_port)"; functions_port="$(free_port)"

  start "Azurite" "$log_dir/$scenario-azurite.log" node "$azurite" --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob_port" --queuePort "$queue_port" --tablePort "$table_port"
  wait_for "Azurite" "http://127.0.0.1:$queue_port/devstoreaccount1?comp=list" ANY

  Emulator__LatencyMs="$latency_ms" \
  Emulator__RateLimitPerSecond="$feishu_per_second" \
  Emulator__RateLimitPerMinute="$feishu_per_minute" \
    start "Feishu emulator" "$log_dir/$scenario-emulator.log" dotnet "$emulator_dll" --port "$emulator_port"
  wait_for "Feishu emulator" "http://127.0.0.1:$emulator_port/emulator/instances" OK

  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  # env, not shell assignments: "Azure.Core" is not a valid shell variable name.
  start "local Functions host" "$log_dir/$scenario-functions.log" env \
    "AzureWebJobsStorage=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;" \
    "Feishu__BaseUrl=http://127.0.0.1:$emulator_port" \
    "Feishu__AppId=cli_emulator_app" \
    "Feishu__AppSecret=emulator-secret" \
    "Feishu__RateLimit__CallsPerSecond=$feishu_per_second" \
    "Feishu__RateLimit__CallsPerMinute=$feishu_per_minute" \
    "ReconcileSchedule=0 */5 * * * *" \
    "Logging__LogLevel__Default=$host_log_level" \
    "Logging__LogLevel__Azure.Core=Error" \
    dotnet "$localhost_dll" --port "$functions_port"
  wait_for "local Functions host" "http://127.0.0.1:$functions_port/health" OK
}

# run_scenario NAME LOADGEN-OPTIONS...: one load generator run on a fresh stack; its JSON goes to artifacts/bench/NAME.json.
failures=0
run_scenario() {
  local scenario="$1"
  shift
  echo "==> Scenario $scenario: starting Azurite, the Feishu emulator (${latency_ms} ms) and the local host"
  start_stack "$scenario"
  # A small full run first, so that JIT, connection pools and table creation are not measured.
  if [ "$warmup_instances" -gt 0 ]; then
    timeout "$run_timeout" dotnet "$loadgen_dll" \
      --target "http://127.0.0.1:$functions_port" --feishu "http://127.0.0.1:$emulator_port" \
      --instances "$warmup_instances" --run-id "warmup-$scenario" --seed "$seed" --consistency-timeout 2m \
      >"$log_dir/$scenario-warmup.txt" 2>&1 || echo "    warm-up did not pass; see $log_dir/$scenario-warmup.txt" >&2
  fi
  echo "    load generator: $*"
  local status=0
  timeout "$run_timeout" dotnet "$loadgen_dll" \
    --target "http://127.0.0.1:$functions_port" --feishu "http://127.0.0.1:$emulator_port" \
    --instances "$instances" --changes "$changes" --concurrency "$concurrency" --seed "$seed" \
    --consistency-timeout "$consistency_timeout" --json "$@" "${extra_args[@]}" >"$out_dir/$scenario.json" 2>"$log_dir/$scenario-loadgen.log" || status=$?
  if [ "$status" -ne 0 ]; then
    failures=$((failures + 1))
    echo "    scenario $scenario did not pass (exit $status); see $log_dir/$scenario-loadgen.log and $out_dir/$scenario.json" >&2
    tail -n 5 "$log_dir/$scenario-loadgen.log" >&2 || true
  fi
  stop_stack
}

for scenario in $scenarios; do
  case "$scenario" in
    ingest) run_scenario ingest --ingest-only --duplicates 0 --reorder 0 ;;
    e2e) run_scenario e2e --duplicates 0.1 --reorder 0.1 ;;
    faults) run_scenario faults --duplicates 0.1 --reorder 0.1 --feishu-faults "$faults" ;;
    bursts) run_scenario bursts --duplicates 0.1 --reorder 0.1 --bursts 1 ;;
    *) echo "error: unknown scenario '$scenario' (ingest, e2e, faults, bursts)." >&2; exit 2 ;;
  esac
done

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
machine="$(nproc 2>/dev/null || echo '?') cores${cpu:+, $cpu}, $(dotnet --version) SDK, Node $(node --version), Feishu emulator at ${latency_ms} ms"
echo
node - "$out_dir" "$machine" $scenarios <<'JS'
const fs = require("fs");
const [dir, machine, ...scenarios] = process.argv.slice(2);
const titles = {
  ingest: "Ingest only",
  e2e: "End to end, 10 % duplicates + reordering",
  faults: "Same, 10 % transient Feishu failures",
  bursts: "Same, every instance sent as a burst",
};
const f = (v, digits = 1) => (v === null || v === undefined ? "n/a" : Number(v).toFixed(digits));
console.log(`Machine: ${machine}`);
console.log("");
console.log("| scenario | changes (requests) | ingest req/s | p50 / p99 ms | 4xx / failed | time to consistency | Feishu sync calls per change | check calls per change | storage ops per change | verdict |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const name of scenarios) {
  let r;
  try { r = JSON.parse(fs.readFileSync(`${dir}/${name}.json`, "utf8")); } catch { console.log(`| ${titles[name] ?? name} | no result | | | | | | | | failed |`); continue; }
  const i = r.ingest, c = r.consistency;
  console.log(`| ${titles[name] ?? name} | ${i.changes} (${i.requests}) | ${f(i.requests_per_second, 0)} | ${f(i.latency_p50_ms)} / ${f(i.latency_p99_ms)} | ${i.rejected + i.unexpected} / ${i.failed} | ` +
    `${c ? (c.seconds_after_ingest === null ? "never" : f(c.seconds_after_ingest) + " s after ingest") : "–"} | ` +
    `${c ? f(c.sync_calls_per_change, 3) : "–"} | ${c ? f(c.check_calls_per_change, 3) : "–"} | ${f(r.storage_operations_per_change, 2)} | ${r.verdict} |`);
}
// Where the storage operations go (the local host's /local/counters, by HTTP method and table or queue).
const kinds = [...new Set(scenarios.flatMap(name => {
  try { return Object.keys(JSON.parse(fs.readFileSync(`${dir}/${name}.json`, "utf8")).storage_operations_per_change_by_kind ?? {}); } catch { return []; }
}))].sort();
if (kinds.length > 0) {
  console.log("");
  console.log(`| storage ops per change | ${scenarios.map(name => titles[name] ?? name).join(" | ")} |`);
  console.log(`| --- | ${scenarios.map(() => "---").join(" | ")} |`);
  for (const kind of kinds) {
    const cells = scenarios.map(name => {
      try { return f((JSON.parse(fs.readFileSync(`${dir}/${name}.json`, "utf8")).storage_operations_per_change_by_kind ?? {})[kind] ?? 0, 2); } catch { return "n/a"; }
    });
    console.log(`| ${kind} | ${cells.join(" | ")} |`);
  }
}
JS
echo
echo "Runs: ${out_dir#"$root"/}/<scenario>.json; logs: ${log_dir#"$root"/}/"
[ "$failures" -eq 0 ] || { echo "error: $failures scenario(s) did not pass." >&2; exit 1; }
