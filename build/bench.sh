#!/usr/bin/env bash
# Benchmarks IsoBuild against genisoimage, xorriso and cat, side by side, and prints medians, spreads and ratios.
#
# Usage: build/bench.sh [--runs N] [--scenarios LIST] [--tools LIST] [--busy] [--tool PATH] [--quick] [--micro] [--memory]
#   --runs N          repetitions per tool and tree (default 5; 7 for the figures of docs/benchmarks.md), run in
#                     alternation: every tool once, then again, each round starting with the next tool
#   --scenarios LIST  comma-separated, of: mixed small million syscalls incremental noop rebuild
#                     (default mixed,small,syscalls,incremental,noop,rebuild; million takes about a minute a round)
#   --tools LIST      comma-separated, of: isobuild isobuild-any genisoimage xorriso cat (default all)
#   --busy            also measure every tree in busy mode: a CPU-bound process (sha256sum /dev/zero) runs beside
#                     every timed run of every tool alike, as on a CI agent that builds something else
#   --tool PATH       measure this dotnet-iso executable instead of installing one from build/pack.sh's packages
#                     (isobuild-any is then left out)
#   --quick           trees at a tenth of their size (a smoke run, not for figures)
#   --micro           the BenchmarkDotNet micro-benchmarks instead (build/IsoBuild.Benchmarks, short job)
#   --memory          memory per file instead: managed heap kept by the spec and the layout of the small tree at a
#                     tenth and at full size, and the growth per file between them (build/IsoBuild.Benchmarks MemoryProbe.cs)
#
# Trees (made once, deterministically, under artifacts/bench/trees):
#   mixed:   20,000 files of 100 B-40 KB in 200 directories plus 4 x 256 MiB files (about 1.5 GB)
#   small:   100,000 files of 100 B-4 KB in 1,000 directories
#   million: 1,000,000 files of 0-300 B in 10,000 directories (the image is read back with isoinfo and counted)
# IsoBuild runs as users install it from the packages of build/pack.sh: isobuild is the native tool (linux-x64),
# isobuild-any the framework-dependent one that other platforms get.
# Measured per run with /usr/bin/time: wall seconds, CPU seconds (user + system), peak memory (max RSS); printed
# as the median and the spread (min-max) of the runs. syscalls: the system calls of one pack of each tree that show
# how threads wait (futex, sched_yield) and how files are read (statx, copy_file_range), counted by perf stat (or
# strace -f -c where perf cannot count).
# The page cache is warm (one untimed run of every tool first); nothing drops it, so the figures are for a
# build machine that has just produced its inputs, the usual case in CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LC_ALL=C

runs=5 scale=1 micro=0 memory=0 busy=0 tool=
scenarios=mixed,small,syscalls,incremental,noop,rebuild
tools=(isobuild isobuild-any genisoimage xorriso cat)
while (( $# > 0 )); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --tools) IFS=, read -r -a tools <<< "$2"; shift 2 ;;
    --busy) busy=1; shift ;;
    --tool) tool=$(realpath "$2"); shift 2 ;;
    --quick) scale=0.1; shift ;;
    --micro) micro=1; shift ;;
    --memory) memory=1; shift ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$scenarios," == *",$1,"* ]]; }
if [[ -n $tool ]]; then
  kept=(); for t in "${tools[@]}"; do [[ $t == isobuild-any ]] || kept+=("$t"); done; tools=("${kept[@]}")
fi

if (( micro )); then
  exec dotnet run -c Release --project build/IsoBuild.Benchmarks -- --filter '*' --job short --inProcess --artifacts artifacts/bench/micro
fi

for peer in genisoimage xorriso; do
  command -v "$peer" >/dev/null || { echo "error: $peer is missing: run build/install-deps.sh (as root)" >&2; exit 1; }
done
missing=(); [[ -x /usr/bin/time ]] || missing+=(time); command -v bc >/dev/null || missing+=(bc)
command -v unzip >/dev/null || missing+=(unzip); command -v strace >/dev/null || missing+=(strace)
command -v perf >/dev/null || missing+=(linux-perf)
command -v isoinfo >/dev/null || missing+=(genisoimage)
if (( ${#missing[@]} )); then
  sudo=(); (( EUID == 0 )) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

root=artifacts/bench
trees=$root/trees
out=$root/out
mkdir -p "$trees" "$out"
# Deterministic trees: the same bytes on every machine (a seeded generator), made once per scale.
make_tree() { # name files dirs min max bigfiles bigsize
  local dir=$trees/$1-$scale
  [[ -f $dir/.complete ]] && { echo "$dir"; return; }
  rm -rf "$dir"
  python3 - "$dir" "$2" "$3" "$4" "$5" "$6" "$7" "$scale" <<'EOF'
import os, random, sys
root, files, dirs, lo, hi, big, bigsize, scale = sys.argv[1], *map(int, sys.argv[2:8]), float(sys.argv[8])
files, dirs, bigsize = int(files * scale), max(1, int(dirs * scale)), int(bigsize * scale)
rng = random.Random(20261124)
for d in range(dirs):
    os.makedirs(f"{root}/dir{d:04d}", exist_ok=True)
for i in range(files):
    with open(f"{root}/dir{i % dirs:04d}/file{i:06d}.dat", "wb") as f:
        f.write(rng.randbytes(rng.randint(lo, hi)))
for b in range(big):
    with open(f"{root}/large{b}.bin", "wb") as f:
        for _ in range(bigsize >> 20):
            f.write(rng.randbytes(1 << 20))
open(f"{root}/.complete", "w").close()
EOF
  echo "$dir"
}
small_tree() { make_tree small 100000 1000 100 4096 0 0; }
if (( memory )); then
  full=$(small_tree); tenth=$(scale=0.1; small_tree)
  exec dotnet run -c Release --project build/IsoBuild.Benchmarks -- --memory "$tenth" "$full"
fi
mixed=$(make_tree mixed 20000 200 100 40960 4 $((256 << 20)))
small=$(small_tree)
million=; wants million && million=$(make_tree million 1000000 10000 0 300 0 0)

# dotnet iso as users get it: the packages of build/pack.sh (a version of this run's own, so that no package cache
# holds an older build), installed from them into a tool folder. On linux-x64 that is the native tool; the
# framework-dependent one (dotnet-iso.any, what other platforms get) is measured beside it.
if [[ -n $tool ]]; then
  native=$tool any=
else
  version=0.0.0-bench.$(date +%s)
  rm -rf "$root/packages" "$root/tool" "$root/any"
  build/pack.sh "$root/packages" -p:PackageVersion="$version" >/dev/null
  NUGET_PACKAGES=$PWD/$root/tool/nuget dotnet tool install dotnet-iso --version "$version" --tool-path "$root/tool" \
    --add-source "$root/packages" >/dev/null
  native=$root/tool/dotnet-iso
  unzip -q "$root/packages/dotnet-iso.any.$version.nupkg" 'tools/*' -d "$root/any"
  any=$root/any/tools/net10.0/any/dotnet-iso.dll
fi

# One timed run: prints "wall cpu maxrss_kib", the wall time from the shell's microsecond clock (time's own is in
# hundredths of a second, too coarse for a re-pack).
# In busy mode a CPU-bound process runs beside the timed one, started before and stopped after it, for every tool.
mode=calm
measure() {
  local stats=$out/time.txt start end hog=
  if [[ $mode == busy ]]; then sha256sum /dev/zero & hog=$!; fi
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$stats" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt" >&2; [[ -z $hog ]] || kill "$hog"; return 1; }
  end=$EPOCHREALTIME
  if [[ -n $hog ]]; then kill "$hog"; wait "$hog" 2>/dev/null || true; fi
  awk -v wall="$(echo "$end - $start" | bc -l)" '{ printf "%.4f %.2f %s\n", wall, $1 + $2, $3 }' "$stats"
}
run_tool() { # tool tree
  local iso=$out/$1.iso
  case $1 in
    isobuild) measure "$native" pack "$2" -o "$iso" -q ;;
    isobuild-any) measure dotnet "$any" pack "$2" -o "$iso" -q ;;
    genisoimage) measure genisoimage -quiet -R -J -o "$iso" "$2" ;;
    xorriso) measure xorriso -as mkisofs -quiet -R -J -o "$iso" "$2" ;;
    cat) measure sh -c 'find "$1" -type f ! -name .complete -print0 | sort -z | xargs -0 cat > "$2"' sh "$2" "$iso" ;;
  esac
  rm -f "$iso"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
spread() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }

declare -A result
modes=(calm); (( busy )) && modes+=(busy)
for tree in mixed small million; do
  wants "$tree" || continue
  dir=${!tree}
  for mode in "${modes[@]}"; do
    echo "== $tree ($mode): $(find "$dir" -type f ! -name .complete | wc -l) files, $(du -sh --apparent-size "$dir" | cut -f1) =="
    for t in "${tools[@]}"; do run_tool "$t" "$dir" >/dev/null; done   # warm-up
    for t in "${tools[@]}"; do : > "$out/$tree-$mode-$t.txt"; done
    # Each round starts with the next tool, so that no tool always runs right after the same other one: on the
    # benchmark machine, at some hours, a pack that started right after another tool deleted its 1.4 GB image took
    # up to six times as long (docs/benchmarks.md, "Rounds in turn").
    for ((r = 1; r <= runs; r++)); do
      for ((i = 0; i < ${#tools[@]}; i++)); do
        t=${tools[(i + r - 1) % ${#tools[@]}]}
        run_tool "$t" "$dir" >> "$out/$tree-$mode-$t.txt"
      done
    done
    printf '%-14s %10s %13s %10s %12s\n' tool wall_s wall_min-max cpu_s peak_MiB
    for t in "${tools[@]}"; do
      f=$out/$tree-$mode-$t.txt
      w=$(cut -d' ' -f1 "$f" | median); c=$(cut -d' ' -f2 "$f" | median); m=$(cut -d' ' -f3 "$f" | median)
      result[$tree-$t-wall]=$w; result[$tree-$t-cpu]=$c; result[$tree-$t-mem]=$m
      printf '%-14s %10.2f %13s %10.2f %12.1f\n' "$t" "$w" "$(cut -d' ' -f1 "$f" | spread)" "$c" "$(echo "$m / 1024" | bc -l)"
    done
    for me in isobuild isobuild-any; do
      [[ -n ${result[$tree-$me-wall]:-} ]] || continue
      for peer in genisoimage xorriso cat; do
        [[ -n ${result[$tree-$peer-wall]:-} ]] || continue
        printf '%s/%-11s wall %.2f  cpu %.2f  peak memory %.2f\n' "$me" "$peer" \
          "$(echo "${result[$tree-$me-wall]} / ${result[$tree-$peer-wall]}" | bc -l)" \
          "$(echo "${result[$tree-$me-cpu]} / (${result[$tree-$peer-cpu]} + 0.001)" | bc -l)" \
          "$(echo "${result[$tree-$me-mem]} / ${result[$tree-$peer-mem]}" | bc -l)"
      done
    done
    # Ratios of the runs taken pairwise (run r of IsoBuild against run r of the peer, measured side by side).
    for peer in genisoimage cat; do
      [[ -n ${result[$tree-$peer-wall]:-} && -n ${result[$tree-isobuild-wall]:-} ]] || continue
      printf 'isobuild/%-11s per round: %s\n' "$peer" "$(paste -d' ' "$out/$tree-$mode-isobuild.txt" "$out/$tree-$mode-$peer.txt" | awk '{ printf "%.2f ", $1 / $4 }')"
    done
    unset result; declare -A result
  done
  if [[ $tree == million ]]; then
    "$native" pack "$dir" -o "$out/million.iso" -q
    echo "million: the image reads back with $(isoinfo -R -f -i "$out/million.iso" | wc -l) paths (isoinfo -R -f)"
    rm -f "$out/million.iso"
  fi
done

mode=calm

# System calls of one pack of each tree: how the threads wait and how the files are read. Counted by perf from the
# kernel's system-call tracepoints where it can (root, linux-perf), which leaves the pack's timing alone; else by
# strace, which stops every new thread until it has attached to it, so that the thread's start waits longer and
# yields more (sched_yield) than an untraced pack's.
if wants syscalls; then
  if perf stat -x, -e syscalls:sys_enter_sched_yield -o /dev/null true 2>/dev/null; then how=perf; else how=strace; fi
  echo "== system calls of one pack ($([[ $how == perf ]] && echo "perf stat, system-call tracepoints" || echo "strace -f -c")) =="
  printf '%-8s %9s %12s %9s %16s\n' tree futex sched_yield statx copy_file_range
  for tree in mixed small million; do
    dir=${!tree}; [[ -n $dir ]] || continue
    if [[ $how == perf ]]; then
      perf stat -x, -o "$out/syscalls.txt" \
        -e syscalls:sys_enter_futex,syscalls:sys_enter_sched_yield,syscalls:sys_enter_statx,syscalls:sys_enter_copy_file_range \
        "$native" pack "$dir" -o "$out/syscalls.iso" -q
      count() { awk -F, -v c="syscalls:sys_enter_$1" '$3 == c { print $1 }' "$out/syscalls.txt"; }
    else
      strace -f -c -o "$out/syscalls.txt" "$native" pack "$dir" -o "$out/syscalls.iso" -q
      count() { awk -v c="$1" '$NF == c { print $4 }' "$out/syscalls.txt"; }
    fi
    printf '%-8s %9s %12s %9s %16s\n' "$tree" "$(count futex)" "$(count sched_yield)" "$(count statx)" "$(count copy_file_range)"
    rm -f "$out/syscalls.iso"
  done
fi

# Incremental re-pack: one 40 KB file of the mixed tree changes (same size); pack --incremental patches it in.
# Measured three ways: the native tool as installed, the framework-dependent tool (runtime start and JIT included),
# and inside one warm process, as an IsoImage item builds in a reused MSBuild node.
if wants incremental; then
echo "== incremental: one file of the mixed tree changed =="
victim=$(find "$mixed" -name 'file*.dat' -size +38k | sort | sed -n 1p)
incremental_ratio() { # label command...
  local label=$1 iso=$out/incremental.iso; shift
  "$@" pack "$mixed" -o "$iso" -q --incremental
  : > "$out/incremental.txt"; : > "$out/full.txt"
  for ((r = 1; r <= runs; r++)); do
    python3 -c 'import sys, os; p = sys.argv[1]; n = os.path.getsize(p); open(p, "r+b").write(os.urandom(n))' "$victim"
    measure "$@" pack "$mixed" -o "$iso" -q --incremental >> "$out/incremental.txt"
    measure "$@" pack "$mixed" -o "$out/full.iso" -q >> "$out/full.txt"
    rm -f "$out/full.iso"
  done
  local inc full
  inc=$(cut -d' ' -f1 "$out/incremental.txt" | median); full=$(cut -d' ' -f1 "$out/full.txt" | median)
  printf '%-22s incremental %.3f s, full %.3f s: incremental/full %.3f\n' "$label" "$inc" "$full" "$(echo "$inc / $full" | bc -l)"
  rm -f "$iso" "$iso.isobuild-manifest"
}
incremental_ratio "dotnet iso:" "$native"
[[ -z $any ]] || incremental_ratio "dotnet iso (any):" dotnet "$any"
probe=$(dotnet run -c Release --project build/IsoBuild.Benchmarks -- --incremental "$mixed" "$victim" "$out" "$runs")
printf '%-22s %s\n  %s\n' "in process:" "$(sed -n 1p <<< "$probe")" "$(sed -n 2p <<< "$probe")"
fi

# Projects for the MSBuild scenarios: the same console app with and without an IsoImage item of a given folder.
proj=
write_project() { # name with-image source-directory [extra properties]
  mkdir -p "$proj/$1"
  local item=""; [[ $2 == 1 ]] && item="<ItemGroup><IsoImage Include=\"out/app.iso\" SourceDirectory=\"$3\" /></ItemGroup>"
  cat > "$proj/$1/$1.csproj" <<EOF
<Project>
  <Import Project="$PWD/src/IsoBuild.Tasks/build/IsoBuild.props" />
  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType>
    <IsoBuildTasksAssembly>$PWD/artifacts/bin/IsoBuild.Tasks/release/IsoBuild.Tasks.dll</IsoBuildTasksAssembly>${4:-}</PropertyGroup>
  $item
  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
  <Import Project="$PWD/src/IsoBuild.Tasks/build/IsoBuild.targets" />
</Project>
EOF
  echo 'System.Console.WriteLine("hi");' > "$proj/$1/Program.cs"
}
if wants noop || wants rebuild; then
  proj=$(mktemp -d)   # outside the repository, so that its Directory.Build.props does not apply
  trap 'rm -rf "$proj"' EXIT
  dotnet build src/IsoBuild.Tasks -c Release -nologo -clp:ErrorsOnly >/dev/null
fi

# A no-op dotnet build: the same project with and without an IsoImage item, built a second time. The task checks
# the image in the worker, the native dotnet-iso measured here, as it does from the package on linux-x64.
if wants noop; then
echo "== no-op dotnet build (second build, nothing changed) =="
mkdir -p "$proj/payload"; echo hello > "$proj/payload/readme.txt"
write_project with 1 ../payload "<IsoBuildWorker>$native</IsoBuildWorker>"; write_project without 0
for p in with without; do dotnet build "$proj/$p" -nologo -v:q >/dev/null; : > "$out/noop-$p.txt"; done
for ((r = 1; r <= runs; r++)); do
  for p in with without; do measure dotnet build "$proj/$p" -nologo -v:q --no-restore >> "$out/noop-$p.txt"; done
done
w=$(cut -d' ' -f1 "$out/noop-with.txt" | median); wo=$(cut -d' ' -f1 "$out/noop-without.txt" | median)
printf 'with IsoImage %.2f s, without %.2f s: ratio %.3f\n' "$w" "$wo" "$(echo "$w / $wo" | bc -l)"
fi

# A rebuild after one 40 KB file of the mixed tree (20,000 files) changed: dotnet build of a project whose IsoImage
# holds the tree, against MSBuild's own overhead (a no-op build of the same project without the item) plus
# dotnet iso pack --incremental of the same change. Target: rebuild <= overhead + pack. The task builds the image in
# its worker, the native dotnet-iso measured here, as it does from the package on linux-x64 ("worker"), and in
# MSBuild's process (IsoBuildOutOfProcess=false, as on other platforms: "in MSBuild").
if wants rebuild; then
echo "== rebuild of an IsoImage after one file of the mixed tree changed =="
victim=$(find "$mixed" -name 'file*.dat' -size +38k | sort | sed -n 2p)
write_project rebuild 1 "$PWD/$mixed" "<IsoBuildWorker>$native</IsoBuildWorker>"
write_project inproc 1 "$PWD/$mixed" "<IsoBuildOutOfProcess>false</IsoBuildOutOfProcess>"
write_project bare 0
for p in rebuild inproc bare; do dotnet build "$proj/$p" -nologo -v:q >/dev/null; done
"$native" pack "$mixed" -o "$out/rebuild-pack.iso" -q --incremental
for f in build inproc overhead pack; do : > "$out/rebuild-$f.txt"; done
change() { python3 -c 'import sys, os; p = sys.argv[1]; n = os.path.getsize(p); open(p, "r+b").write(os.urandom(n))' "$victim"; }
for ((r = 1; r <= runs; r++)); do
  change; measure dotnet build "$proj/rebuild" -nologo -v:q --no-restore >> "$out/rebuild-build.txt"
  measure "$native" pack "$mixed" -o "$out/rebuild-pack.iso" -q --incremental >> "$out/rebuild-pack.txt"
  measure dotnet build "$proj/bare" -nologo -v:q --no-restore >> "$out/rebuild-overhead.txt"
  change; measure dotnet build "$proj/inproc" -nologo -v:q --no-restore >> "$out/rebuild-inproc.txt"
  "$native" pack "$mixed" -o "$out/rebuild-pack.iso" -q --incremental   # the same patch for the next round's pack
  dotnet build "$proj/rebuild" -nologo -v:q --no-restore >/dev/null
done
rel=${victim#"$mixed"}
held="hold"
for p in rebuild inproc; do
  dotnet build "$proj/$p" -nologo -v:q --no-restore >/dev/null
  isoinfo -R -i "$proj/$p/out/app.iso" -x "$rel" | cmp -s - "$victim" || held="do NOT hold"
done
o=$(cut -d' ' -f1 "$out/rebuild-overhead.txt" | median); k=$(cut -d' ' -f1 "$out/rebuild-pack.txt" | median)
printf 'no-op build without the item %.2f s + pack --incremental %.2f s = %.2f s\n' "$o" "$k" "$(echo "$o + $k" | bc -l)"
for f in build:worker inproc:"in MSBuild"; do
  b=$(cut -d' ' -f1 "$out/rebuild-${f%%:*}.txt" | median)
  printf 'rebuild (%s) %.2f s (%s): ratio %.3f\n' "${f#*:}" "$b" "$(cut -d' ' -f1 "$out/rebuild-${f%%:*}.txt" | spread)" "$(echo "$b / ($o + $k)" | bc -l)"
  # The same ratio round by round (each round's rebuild against that round's no-op build and pack), and its median.
  paste -d' ' "$out/rebuild-${f%%:*}.txt" "$out/rebuild-overhead.txt" "$out/rebuild-pack.txt" | awk '{ print $1 / ($4 + $7) }' > "$out/rebuild-ratios.txt"
  printf '  per round: %s(median %.3f)\n' "$(awk '{ printf "%.2f ", $1 }' "$out/rebuild-ratios.txt")" "$(median < "$out/rebuild-ratios.txt")"
done
echo "the rebuilt images $held the changed file's new content"
rm -f "$out/rebuild-pack.iso" "$out/rebuild-pack.iso.isobuild-manifest"
fi

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), dotnet $(dotnet --version)"
echo "peers: $(genisoimage --version 2>&1 | head -1); $(xorriso -version 2>&1 | head -1)"
