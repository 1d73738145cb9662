#!/usr/bin/env bash
# Runs every test of the repository: installs the pinned Azurite (tools/azurite), the pinned official Feishu Node SDK
# (tools/feishu-sdk-check), the pinned Bicep CLI (restored from NuGet by the infrastructure tests) and Debian's
# chromium with CJK fonts (the console's browser tests), builds the solution and runs all test projects.
# Usage: bash tools/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source "$root/tools/lib/common.sh"
require_tools dotnet node npm
install_azurite
install_feishu_sdk
install_browser

echo "==> Building"
dotnet build ApprovalFunctions.sln --configuration Release --nologo -v quiet

results="$root/artifacts/test-results"
rm -rf "$results"
echo "==> Testing"
status=0
dotnet test ApprovalFunctions.sln --configuration Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line over every test project, in the form CI reads: "N passed, N failed".
# Node rather than Python: Node is already required (Azurite), Python is not.
node - "$results" <<'JS' || true
const fs = require("fs"), path = require("path");
const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter(name => name.endsWith(".trx")) : []) {
  const counters = fs.readFileSync(path.join(dir, file), "utf8").match(/<Counters\b[^>]*>/);
  if (!counters) continue;
  const count = name => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [])[1] || 0);
  passed += count("passed");
  failed += count("failed") + count("error") + count("timeout");
  skipped += count("notExecuted");
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
JS
exit $status
