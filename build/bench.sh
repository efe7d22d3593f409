#!/usr/bin/env bash
# Benchmarks IsoBuild against genisoimage, xorriso and cat, side by side, and prints medians and ratios.
#
# Usage: build/bench.sh [--runs N] [--quick] [--micro] [--memory]
#   --runs N   repetitions per tool and tree (default 5), run in alternation: every tool once, then again
#   --quick    trees at a tenth of their size (a smoke run, not for figures)
#   --micro    the BenchmarkDotNet micro-benchmarks instead (build/IsoBuild.Benchmarks, short job)
#   --memory   memory per file instead: managed heap kept by the spec and the layout of the small tree at a tenth
#              and at full size, and the growth per file between them (build/IsoBuild.Benchmarks MemoryProbe.cs)
#
# Trees (made once, deterministically, under artifacts/bench/trees):
#   mixed: 20,000 files of 100 B-40 KB in 200 directories plus 4 x 256 MiB files (about 1.5 GB)
#   small: 100,000 files of 100 B-4 KB in 1,000 directories
# IsoBuild runs as users install it from the packages of build/pack.sh: isobuild is the native tool (linux-x64),
# isobuild-any the framework-dependent one that other platforms get.
# Measured per run with /usr/bin/time: wall seconds, CPU seconds (user + system), peak memory (max RSS).
# The page cache is warm (one untimed run of every tool first); nothing drops it, so the figures are for a
# build machine that has just produced its inputs, the usual case in CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LC_ALL=C

runs=5 scale=1 micro=0 memory=0
while (( $# > 0 )); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --quick) scale=0.1; shift ;;
    --micro) micro=1; shift ;;
    --memory) memory=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if (( micro )); then
  exec dotnet run -c Release --project build/IsoBuild.Benchmarks -- --filter '*' --job short --inProcess --artifacts artifacts/bench/micro
fi

for tool in genisoimage xorriso; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing: run build/install-deps.sh (as root)" >&2; exit 1; }
done
missing=(); [[ -x /usr/bin/time ]] || missing+=(time); command -v bc >/dev/null || missing+=(bc)
command -v unzip >/dev/null || missing+=(unzip)
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

# dotnet iso as users get it: the packages of build/pack.sh (a version of this run's own, so that no package cache
# holds an older build), installed from them into a tool folder. On linux-x64 that is the native tool; the
# framework-dependent one (dotnet-iso.any, what other platforms get) is measured beside it.
version=0.0.0-bench.$(date +%s)
rm -rf "$root/packages" "$root/tool" "$root/any"
build/pack.sh "$root/packages" -p:PackageVersion="$version" >/dev/null
NUGET_PACKAGES=$PWD/$root/tool/nuget dotnet tool install dotnet-iso --version "$version" --tool-path "$root/tool" \
  --add-source "$root/packages" >/dev/null
native=$root/tool/dotnet-iso
unzip -q "$root/packages/dotnet-iso.any.$version.nupkg" 'tools/*' -d "$root/any"
any=$root/any/tools/net10.0/any/dotnet-iso.dll

# One timed run: prints "wall cpu maxrss_kib", the wall time from the shell's microsecond clock (time's own is in
# hundredths of a second, too coarse for a re-pack).
measure() {
  local stats=$out/time.txt start end
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$stats" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt" >&2; return 1; }
  end=$EPOCHREALTIME
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

declare -A result
tools=(isobuild isobuild-any genisoimage xorriso cat)
for tree in mixed small; do
  dir=${!tree}
  echo "== $tree: $(find "$dir" -type f ! -name .complete | wc -l) files, $(du -sh --apparent-size "$dir" | cut -f1) =="
  for t in "${tools[@]}"; do run_tool "$t" "$dir" >/dev/null; done   # warm-up
  for t in "${tools[@]}"; do : > "$out/$tree-$t.txt"; done
  for ((r = 1; r <= runs; r++)); do
    for t in "${tools[@]}"; do run_tool "$t" "$dir" >> "$out/$tree-$t.txt"; done
  done
  printf '%-14s %10s %10s %12s\n' tool wall_s cpu_s peak_MiB
  for t in "${tools[@]}"; do
    w=$(cut -d' ' -f1 "$out/$tree-$t.txt" | median); c=$(cut -d' ' -f2 "$out/$tree-$t.txt" | median)
    m=$(cut -d' ' -f3 "$out/$tree-$t.txt" | median)
    result[$tree-$t-wall]=$w; result[$tree-$t-cpu]=$c; result[$tree-$t-mem]=$m
    printf '%-14s %10.2f %10.2f %12.1f\n' "$t" "$w" "$c" "$(echo "$m / 1024" | bc -l)"
  done
  for me in isobuild isobuild-any; do
    for peer in genisoimage xorriso cat; do
      printf '%s/%-11s wall %.2f  cpu %.2f  peak memory %.2f\n' "$me" "$peer" \
        "$(echo "${result[$tree-$me-wall]} / ${result[$tree-$peer-wall]}" | bc -l)" \
        "$(echo "${result[$tree-$me-cpu]} / (${result[$tree-$peer-cpu]} + 0.001)" | bc -l)" \
        "$(echo "${result[$tree-$me-mem]} / ${result[$tree-$peer-mem]}" | bc -l)"
    done
  done
done

# Incremental re-pack: one 40 KB file of the mixed tree changes (same size); pack --incremental patches it in.
# Measured three ways: the native tool as installed, the framework-dependent tool (runtime start and JIT included),
# and inside one warm process, as an IsoImage item builds in a reused MSBuild node.
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
incremental_ratio "dotnet iso (any):" dotnet "$any"
probe=$(dotnet run -c Release --project build/IsoBuild.Benchmarks -- --incremental "$mixed" "$victim" "$out" "$runs")
printf '%-22s %s\n  %s\n' "in process:" "$(sed -n 1p <<< "$probe")" "$(sed -n 2p <<< "$probe")"

# A no-op dotnet build: the same project with and without an IsoImage item, built a second time.
echo "== no-op dotnet build (second build, nothing changed) =="
proj=$(mktemp -d)   # outside the repository, so that its Directory.Build.props does not apply
trap 'rm -rf "$proj"' EXIT
mkdir -p "$proj/payload"; echo hello > "$proj/payload/readme.txt"
write_project() { # name with-image
  mkdir -p "$proj/$1"
  local item=""; [[ $2 == 1 ]] && item='<ItemGroup><IsoImage Include="out/app.iso" SourceDirectory="../payload" /></ItemGroup>'
  cat > "$proj/$1/$1.csproj" <<EOF
<Project>
  <Import Project="$PWD/src/IsoBuild.Tasks/build/IsoBuild.props" />
  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType>
    <IsoBuildTasksAssembly>$PWD/artifacts/bin/IsoBuild.Tasks/release/IsoBuild.Tasks.dll</IsoBuildTasksAssembly></PropertyGroup>
  $item
  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
  <Import Project="$PWD/src/IsoBuild.Tasks/build/IsoBuild.targets" />
</Project>
EOF
  echo 'System.Console.WriteLine("hi");' > "$proj/$1/Program.cs"
}
dotnet build src/IsoBuild.Tasks -c Release -nologo -clp:ErrorsOnly >/dev/null
write_project with 1; write_project without 0
for p in with without; do dotnet build "$proj/$p" -nologo -v:q >/dev/null; : > "$out/noop-$p.txt"; done
for ((r = 1; r <= runs; r++)); do
  for p in with without; do measure dotnet build "$proj/$p" -nologo -v:q --no-restore >> "$out/noop-$p.txt"; done
done
w=$(cut -d' ' -f1 "$out/noop-with.txt" | median); wo=$(cut -d' ' -f1 "$out/noop-without.txt" | median)
printf 'with IsoImage %.2f s, without %.2f s: ratio %.3f\n' "$w" "$wo" "$(echo "$w / $wo" | bc -l)"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), dotnet $(dotnet --version)"
echo "peers: $(genisoimage --version 2>&1 | head -1); $(xorriso -version 2>&1 | head -1)"
