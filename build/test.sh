#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the Debian packages it needs, builds the solution in Release with
# warnings as errors, runs every test project, and ends with the line "tests: N passed, N failed[, N skipped]".
# Usage: build/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Interop]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

summary() { # sums the counters of every TRX file
  local passed=0 failed=0 skipped=0 f
  for f in artifacts/test-results/*.trx; do
    [[ -f $f ]] || continue
    local counters; counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
    local p; p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    local fl; fl=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    local e; e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    local n; n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${fl:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
  done
  if (( skipped > 0 )); then echo "tests: $passed passed, $failed failed, $skipped skipped"; else echo "tests: $passed passed, $failed failed"; fi
}

build/install-deps.sh || { echo "error: could not install the test dependencies (see above)" >&2; echo "tests: 0 passed, 0 failed"; exit 1; }
rm -rf artifacts/test-results
if ! dotnet build IsoBuild.sln -c Release -warnaserror -nologo -clp:ErrorsOnly; then
  echo "error: the build failed, no test ran" >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
fi
dotnet test IsoBuild.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory artifacts/test-results "$@" \
  > artifacts/test-output.log 2>&1
rc=$?
grep -E '^\s+(Failed|Skipped) |Error Message|Passed!|Failed!' artifacts/test-output.log | head -200
line=$(summary)
if [[ $line == "tests: 0 passed, 0 failed" ]]; then
  echo "error: no test results were produced (see artifacts/test-output.log)" >&2
  rc=1
fi
echo "$line"
exit $rc
