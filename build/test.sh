#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the Debian packages it needs, builds the solution in Release with
# warnings as errors, runs every test project, and ends with the line "tests: N passed, N failed[, N skipped]".
# While it runs it prints a progress line now and then, each failed test at once, and each project's result; at the
# end, the name and message of every failed test. The full log is artifacts/test-output.log.
# Usage: build/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Interop]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=artifacts/test-results

# Sums the counters of every TRX file, and with "failures" lists each failed test and its message.
trx() {
  /usr/bin/python3 - "$1" "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
mode, folder = sys.argv[1], sys.argv[2]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in sorted(glob.glob(folder + "/*.trx")):
    root = ET.parse(path).getroot()
    c = root.find("t:ResultSummary/t:Counters", ns)
    if c is not None:
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)); skipped += int(c.get("notExecuted", 0))
    if mode == "projects" and c is not None:
        code = next((m.get("codeBase") for m in root.iter("{%s}TestMethod" % ns["t"]) if m.get("codeBase")), path)
        name = code.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".dll")
        print(f"  {name}: {c.get('passed', 0)} passed, {int(c.get('failed', 0)) + int(c.get('error', 0))} failed")
    if mode == "failures":
        for r in root.iter("{%s}UnitTestResult" % ns["t"]):
            if r.get("outcome") == "Failed":
                message = r.find("t:Output/t:ErrorInfo/t:Message", ns)
                text = (message.text or "").strip() if message is not None else ""
                print("FAILED " + r.get("testName", "?"))
                for line in text.splitlines()[:12]:
                    print("    " + line)
if mode == "summary":
    print(f"tests: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
}

build/install-deps.sh || { echo "error: could not install the test dependencies (see above)" >&2; echo "tests: 0 passed, 0 failed"; exit 1; }
rm -rf "$results"
echo "Building (Release, warnings as errors)..."
if ! dotnet build IsoBuild.sln -c Release -warnaserror -nologo -clp:ErrorsOnly; then
  echo "error: the build failed, no test ran" >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
fi
echo "Running the tests (the test projects run side by side; about 15 minutes on 2 cores)..."
dotnet test IsoBuild.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" 2>&1 \
  | tee artifacts/test-output.log \
  | awk -v start="$SECONDS" '
      /^  Passed / { p++ } /^  Skipped / { s++ }
      /^  Failed / { f++; print "  FAILED " substr($0, 10); fflush() }
      /^  (Passed|Failed|Skipped) / && (p + f + s) % 50 == 0 { printf "  ... %d passed, %d failed so far\n", p, f; fflush() }'
rc=${PIPESTATUS[0]}
trx projects
line=$(trx summary)
if [[ $line == "tests: 0 passed, 0 failed" ]]; then
  echo "error: no test results were produced (see artifacts/test-output.log)" >&2
  rc=1
fi
if (( rc != 0 )); then
  echo "Failed tests (full output in artifacts/test-output.log):"
  trx failures
fi
echo "$line"
exit $rc
