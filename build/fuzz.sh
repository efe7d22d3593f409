#!/usr/bin/env bash
# Coverage-guided fuzzing of the image reader: AFL++ drives build/IsoBuild.Fuzz, whose IsoBuild.dll SharpFuzz has
# instrumented. Every input goes through tests/Shared/ReaderExercise.cs (all namespaces, all files, boot catalog,
# partition table); anything but a coded IsoBuildException is a crash.
# Usage: build/fuzz.sh [MINUTES]      (default 60; needs root or sudo once to install afl++)
# Output: artifacts/fuzz/findings (AFL's queue, crashes/, hangs/) and a summary at the end.
# Reproduce a finding (uninstrumented): dotnet run --project build/IsoBuild.Fuzz -c Release -- --replay artifacts/fuzz/findings/default/crashes
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=${1:-60}
out=artifacts/fuzz
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v afl-fuzz >/dev/null; then
  sudo=(); (( EUID == 0 )) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq afl++ >/dev/null
fi
[[ -x $out/tools/sharpfuzz ]] || dotnet tool install --tool-path "$out/tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null

rm -rf "$out/bin" "$out/seeds" "$out/findings"
dotnet build build/IsoBuild.Fuzz -c Release -o "$out/bin" -nologo -clp:ErrorsOnly

# Seeds: small sound images from IsoBuild, xorriso and genisoimage, without padding.
mkdir -p "$out/seeds" "$out/seed-tree/deep/a/b/c/d/e/f/g/h/i"
printf 'seed' > "$out/seed-tree/readme.txt"; printf 'deep' > "$out/seed-tree/deep/a/b/c/d/e/f/g/h/i/bottom.txt"
ln -sf readme.txt "$out/seed-tree/link"
dotnet "$out/bin/IsoBuild.Fuzz.dll" --make-seeds "$out/seeds"
xorriso -as mkisofs -quiet -R -J -no-pad -o "$out/seeds/xorriso.iso" "$out/seed-tree" 2>/dev/null
genisoimage -quiet -R -J -no-pad -o "$out/seeds/genisoimage.iso" "$out/seed-tree" 2>/dev/null
genisoimage -quiet -udf -R -no-pad -o "$out/seeds/genisoimage-udf.iso" "$out/seed-tree" 2>/dev/null

# Instrument last: the instrumented assembly runs only under afl-fuzz (--replay needs an uninstrumented build).
"$out/tools/sharpfuzz" "$out/bin/IsoBuild.dll"

echo "fuzzing the reader for $minutes minutes ($(ls "$out/seeds" | wc -l) seeds)"
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_QUIET=1 \
  afl-fuzz -i "$out/seeds" -o "$out/findings" -t 10000 -m none -V $((minutes * 60)) \
  -- dotnet "$out/bin/IsoBuild.Fuzz.dll" > "$out/afl.log" 2>&1 || { tail -20 "$out/afl.log"; exit 1; }

stats=$out/findings/default/fuzzer_stats
get() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "executions: $(get execs_done) ($(get execs_per_sec)/s), corpus: $(get corpus_count), edge coverage: $(get bitmap_cvg), crashes: $(get saved_crashes), hangs: $(get saved_hangs)"
crashes=$(find "$out/findings/default/crashes" -name 'id:*' | wc -l)
(( crashes == 0 )) || { echo "crashes found: replay them with dotnet run --project build/IsoBuild.Fuzz -c Release -- --replay $out/findings/default/crashes"; exit 1; }
