#!/usr/bin/env bash
# Makes every package of a release in one folder: IsoBuild.Core (the library), IsoBuild (the MSBuild task, with the
# native dotnet-iso it runs as its worker on linux-x64) and
# dotnet-iso, which is a small package that points to one package per runtime identifier — dotnet-iso.linux-x64
# (compiled ahead of time: a native executable) and dotnet-iso.any (framework-dependent, for every other platform).
# `dotnet tool install` picks the one for the user's machine. A native package is compiled on its own platform, so run this on linux-x64.
# Usage: build/pack.sh [FEED [extra dotnet pack arguments, e.g. -p:PackageVersion=1.2.3]]   (FEED: artifacts/packages)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
feed=$(realpath -m "${1:-artifacts/packages}"); shift $(( $# > 0 ? 1 : 0 ))
pack() { dotnet pack "$@" -c Release -o "$feed" -nologo -clp:ErrorsOnly "${extra[@]}"; }
extra=("$@")

pack src/IsoBuild        # IsoBuild.Core: the library
pack src/IsoBuild.Tool   # the package dotnet-iso: the list of the packages below
rids=$(dotnet msbuild src/IsoBuild.Tool -getProperty:ToolPackageRuntimeIdentifiers)
for rid in ${rids//;/ }; do
  pack src/IsoBuild.Tool -r "$rid"
done
# IsoBuild (the MSBuild task) carries the native dotnet-iso of dotnet-iso.linux-x64 as its worker on linux-x64.
version=$(dotnet msbuild src/IsoBuild.Tool -getProperty:PackageVersion "${extra[@]}")
worker=$(mktemp -d); trap 'rm -rf "$worker"' EXIT
python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
  "$feed/dotnet-iso.linux-x64.$version.nupkg" tools/any/linux-x64/dotnet-iso "$worker/dotnet-iso"
pack src/IsoBuild.Tasks -p:IsoBuildPackWorker="$worker/dotnet-iso"
ls -1 "$feed"
