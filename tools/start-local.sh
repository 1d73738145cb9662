#!/usr/bin/env bash
# Quick start: everything on this machine in one command, stopped together by Ctrl-C (or SIGTERM: a background
# job ignores SIGINT, so scripts stop it with `kill -TERM <pid>`).
#   Azurite (pinned, tools/azurite), the Feishu emulator (port 7300) and the local Functions host (tools/LocalHost,
#   port 7071) running the app's own function classes.
# Nothing persists across restarts: Azurite keeps its data in memory, as the emulator does, so that the app's state
# and "Feishu" always start empty together (a persisted Azurite would remember syncs that the fresh emulator lacks).
# Needs only the .NET 10 SDK and Node.js (18 or later). Usage: bash tools/start-local.sh
# Ports: FUNCTIONS_PORT (7071) and EMULATOR_PORT (7300); Azurite keeps its defaults 10000-10002.
# Quick approval: the source stand-in (tools/SourceStandIn, SOURCE_PORT 7400) plays your approval system.
# Settings: local.settings.json (Values) at the repository root wins over the emulator defaults below.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

functions_port="${FUNCTIONS_PORT:-7071}"
emulator_port="${EMULATOR_PORT:-7300}"
source_port="${SOURCE_PORT:-7400}"
startup_timeout=90
log_dir="$root/artifacts/local"
mkdir -p "$log_dir"

source "$root/tools/lib/common.sh"
require_tools dotnet node npm
stopping=0

stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  [ "${#pids[@]}" -eq 0 ] && return
  echo
  echo "==> Stopping Azurite, the Feishu emulator and the local Functions host"
  stop_processes
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() {
  ! node -e '
    const s = require("net").connect(Number(process.argv[1]), "127.0.0.1");
    s.on("connect", () => process.exit(0)); s.on("error", () => process.exit(1));
  ' "$1"
}

for port in 10000 10001 10002 "$emulator_port" "$functions_port" "$source_port"; do
  port_free "$port" || { echo "error: port $port on 127.0.0.1 is already in use; stop whatever uses it (another Azurite or start-local.sh?)." >&2; exit 1; }
done

install_azurite

build_release "$log_dir/build.log" \
  tools/FeishuEmulator.Server/FeishuEmulator.Server.csproj tools/LocalHost/LocalHost.csproj tools/SourceStandIn/SourceStandIn.csproj
emulator_dll="$(release_output tools/FeishuEmulator.Server/FeishuEmulator.Server.csproj)"
localhost_dll="$(release_output tools/LocalHost/LocalHost.csproj)"
standin_dll="$(release_output tools/SourceStandIn/SourceStandIn.csproj)"

echo "==> Starting (logs in ${log_dir#"$root"/})"
start "Azurite" "$log_dir/azurite.log" node "$azurite" --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1
wait_for "Azurite" "http://127.0.0.1:10001/devstoreaccount1?comp=list" ANY
echo "    Azurite is up"

start "Feishu emulator" "$log_dir/feishu-emulator.log" dotnet "$emulator_dll" --port "$emulator_port"
wait_for "Feishu emulator" "http://127.0.0.1:$emulator_port/emulator/instances" OK
echo "    Feishu emulator is up"

# Emulator settings for the local host, unless local.settings.json sets them (environment variables would win over it).
set_default() {
  if ! node -e '
      const fs = require("fs"); const file = process.argv[1];
      process.exit(fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")).Values || {})[process.argv[2]] !== undefined ? 0 : 1);
    ' "$root/local.settings.json" "$1"; then
    export "$1=$2"
  fi
}
set_default AzureWebJobsStorage "UseDevelopmentStorage=true"
set_default Feishu__BaseUrl "http://127.0.0.1:$emulator_port"
set_default Feishu__AppId "cli_emulator_app"
set_default Feishu__AppSecret "emulator-secret"
set_default ReconcileSchedule "0 */5 * * * *"
# The Feishu-compatible surface (/open-apis/): the credentials a Feishu SDK uses in place of its Feishu app's.
set_default Facade__AppId "cli_approvalfunctions_local"
set_default Facade__AppSecret "local-facade-secret-change-me"
# Quick approval, wired to the source stand-in. Local values only: never use them anywhere else.
set_default Callback__Token "local-callback-token"
set_default Callback__Key "local-callback-key"
set_default Callback__SourceUrl "http://127.0.0.1:$source_port/actions"
set_default Callback__SourceSecret "whsec_bG9jYWwtcXVpY2stYXBwcm92YWwtc2VjcmV0LTMyYnk="

# The stand-in verifies with the same secret the app signs with (from the environment or local.settings.json).
source_secret="${Callback__SourceSecret:-$(node -e '
    const fs = require("fs"), file = process.argv[1];
    const values = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")).Values || {} : {};
    process.stdout.write(values.Callback__SourceSecret || "");
  ' "$root/local.settings.json")}"
StandIn__Secret="$source_secret" StandIn__AppBaseUrl="http://127.0.0.1:$functions_port" StandIn__FunctionKey="${LocalHost__FunctionKey:-}" \
  start "source stand-in" "$log_dir/source-stand-in.log" dotnet "$standin_dll" --port "$source_port"
wait_for "source stand-in" "http://127.0.0.1:$source_port/instances" OK
echo "    source stand-in is up"

start "local Functions host" "$log_dir/functions.log" dotnet "$localhost_dll" --port "$functions_port"
wait_for "local Functions host" "http://127.0.0.1:$functions_port/health" OK
echo "    local Functions host is up"

cat <<EOF

Everything is running. Send an instance the way your approval system would:

  curl -i -X POST http://127.0.0.1:$functions_port/api/instances \\
       -H 'Content-Type: application/json' --data-binary @tools/samples/instance.json

Or point an official Feishu SDK at the app: domain http://127.0.0.1:$functions_port,
app id ${Facade__AppId:-(local.settings.json)}, app secret ${Facade__AppSecret:-(local.settings.json)} (README: Switching an existing integration).

Feishu's view (the emulator):  http://127.0.0.1:$emulator_port/emulator/instances

Quick approval (README, "Quick approval"): create the definition, send the sample through the source stand-in, tap:

  curl -X PUT http://127.0.0.1:$functions_port/api/ops/approval-definition \\
       -H 'Content-Type: application/json' --data-binary @tools/samples/approval-definition.json
  curl -X POST http://127.0.0.1:$source_port/instances \\
       -H 'Content-Type: application/json' --data-binary @tools/samples/instance.json
  curl -X POST http://127.0.0.1:$emulator_port/emulator/taps -H 'Content-Type: application/json' \\
       -d '{"instance_id":"PR-2026-000123","task_id":"PR-2026-000123-T2","action_type":"APPROVE"}'

Logs: ${log_dir#"$root"/}/   Press Ctrl-C to stop everything (from a script: kill -TERM).
Azurite and the emulator keep their data in memory: a restart starts both empty.

EOF

# Show the Functions host's log here; stop everything if any part dies.
tail -n +1 -f "$log_dir/functions.log" &
pids+=("$!")
names+=("log tail")
logs+=("")
while :; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "error: ${names[$i]} stopped unexpectedly; last lines of ${logs[$i]}:" >&2
      [ -n "${logs[$i]}" ] && tail -n 40 "${logs[$i]}" >&2
      exit 1
    fi
  done
  sleep 1
done
