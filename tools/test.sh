#!/usr/bin/env bash
# Runs every test of the repository: installs the pinned Azurite (tools/azurite) and the pinned Bicep
# CLI (restored from NuGet by the infrastructure tests), builds the solution and runs all test projects.
# Usage: bash tools/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "==> Installing the pinned Azurite (tools/azurite)"
npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error

echo "==> Building"
dotnet build ApprovalFunctions.sln --configuration Release --nologo -v quiet

results="$root/artifacts/test-results"
rm -rf "$results"
echo "==> Testing"
status=0
dotnet test ApprovalFunctions.sln --configuration Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line over every test project, in the form CI reads: "N passed, N failed".
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is not None:
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
        skipped += int(c.get("notExecuted", 0))
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
