# Shared by tools/start-local.sh, tools/bench.sh and tools/test.sh: pinned Azurite, the Release build of the tools,
# background processes that are stopped together, and waiting until a process answers. Source it after setting `root`
# (the repository).

# require_tools TOOL...: fails with a clear message when a tool is missing.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "error: '$tool' is not on PATH (needs the .NET 10 SDK and Node.js)." >&2; exit 1; }
  done
}

# install_azurite: the pinned Azurite of tools/azurite, installed with `npm ci` unless already installed from
# the same lock file. Sets `azurite` to its entry script.
install_azurite() {
  azurite="$root/tools/azurite/node_modules/azurite/dist/src/azurite.js"
  if [ ! -f "$azurite" ] || [ "$root/tools/azurite/package-lock.json" -nt "$root/tools/azurite/node_modules/.package-lock.json" ]; then
    echo "==> Installing the pinned Azurite (tools/azurite)"
    npm ci --prefix "$root/tools/azurite" --no-audit --no-fund --loglevel=error
  fi
}

# install_feishu_sdk: the pinned official Feishu Node SDK of tools/feishu-sdk-check (the integration tests run it as a
# real client of the app and of the emulator), installed with `npm ci` unless already installed from the same lock file.
install_feishu_sdk() {
  local dir="$root/tools/feishu-sdk-check"
  if [ ! -f "$dir/node_modules/@larksuiteoapi/node-sdk/package.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> Installing the pinned Feishu Node SDK (tools/feishu-sdk-check)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
}

# install_browser: Debian's chromium and CJK fonts for the console's browser tests, installed with apt-get when
# missing (Playwright's driver ships in its NuGet package; no browser is downloaded). Needs root or sudo.
install_browser() {
  if command -v chromium >/dev/null && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    return
  fi
  echo "==> Installing Debian's chromium and fonts-noto-cjk (browser tests of the operator console)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
}

# build_release LOG PROJECT...: builds each project (paths from the repository root) in Release, quietly, into LOG;
# on a failure prints that project's compiler errors (or the end of LOG) and exits.
build_release() {
  local log="$1" project
  shift
  echo "==> Building (Release)"
  : >"$log"
  for project in "$@"; do
    dotnet build "$root/$project" --configuration Release --nologo -v quiet >>"$log" 2>&1 || {
      echo "error: building $project failed:" >&2
      grep -E ': error ' "$log" | sort -u >&2 || tail -n 40 "$log" >&2
      exit 1
    }
  done
}

# release_output PROJECT: the path of PROJECT's Release build (its TargetPath), to run with `dotnet`.
release_output() {
  dotnet msbuild "$root/$1" -getProperty:TargetPath -p:Configuration=Release
}

pids=()
names=()
logs=()
startup_timeout="${startup_timeout:-90}"

# start NAME LOGFILE COMMAND...: runs COMMAND in the background, output to LOGFILE.
start() {
  local name="$1" log="$2"
  shift 2
  : >"$log"
  "$@" >"$log" 2>&1 &
  pids+=("$!")
  names+=("$name")
  logs+=("$log")
}

# wait_for NAME URL ANY|OK: waits until URL answers (any HTTP status, or 2xx) while the last started process
# lives, or fails with the tail of its log.
wait_for() {
  local name="$1" url="$2" accept="$3" index=$((${#pids[@]} - 1))
  local deadline=$((SECONDS + startup_timeout))
  until node -e '
      fetch(process.argv[1]).then(r => process.exit(process.argv[2] === "ANY" || r.ok ? 0 : 1), () => process.exit(1));
    ' "$url" "$accept"; do
    if ! kill -0 "${pids[$index]}" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "error: $name did not answer on $url within ${startup_timeout}s. Last lines of ${logs[$index]}:" >&2
      tail -n 40 "${logs[$index]}" >&2
      exit 1
    fi
    sleep 0.5
  done
}

# stop_processes: stops every process started by `start`, by its id (TERM, then KILL after 10 s).
stop_processes() {
  [ "${#pids[@]}" -eq 0 ] && return
  local i
  for i in "${!pids[@]}"; do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for i in "${!pids[@]}"; do kill -KILL "${pids[$i]}" 2>/dev/null || true; done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" 2>/dev/null || true; done
  pids=()
  names=()
  logs=()
}
