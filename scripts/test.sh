#!/usr/bin/env bash
# Runs every test project of the solution and prints one closing line: "N passed, N failed[, N skipped]".
# Usage: scripts/test.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log=$(mktemp)
# One test assembly at a time (-m:1): the sandbox tests have time limits, and two cores shared by
# several test hosts make them flaky.
dotnet test Sendai.Cbt.sln -c Release -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The Japanese normaliser must not depend on ICU: run its tests again with ICU cultures on
# (the same build, with the runtime's invariant-globalization switch turned off in a copy).
core_bin=tests/Sendai.Cbt.Core.Tests/bin/Release/net10.0
if [ -f "$core_bin/Sendai.Cbt.Core.Tests.dll" ]; then
  icu_bin=$(mktemp -d)
  cp -r "$core_bin/." "$icu_bin/"
  sed -i 's/"System.Globalization.Invariant": true/"System.Globalization.Invariant": false/' "$icu_bin/Sendai.Cbt.Core.Tests.runtimeconfig.json"
  echo "== normaliser tests with ICU globalization =="
  CBT_EXPECT_ICU=1 dotnet test "$icu_bin/Sendai.Cbt.Core.Tests.dll" --filter "FullyQualifiedName~Normalization" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -ne 0 ] && status=1
  rm -rf "$icu_bin"
fi
# Each test assembly ends with a line like: "Passed!  - Failed:     0, Passed:   104, Skipped:     0, Total:   104, ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '(Passed|Failed)! +- +Failed:' "$log" || true)
projects=$(( $(find tests -name '*.Tests.csproj' | wc -l) + 1 ))  # + the ICU run of the normaliser tests
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run failed without a failed test (build error, crashed test host): count it as a failure.
  failed=1
fi
if [ "$assemblies" -lt "$projects" ]; then
  echo "warning: $assemblies of $projects test assemblies reported results" >&2
  [ "$failed" -eq 0 ] && failed=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
