#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (independent ISO readers, boot-test tools), when missing.
# Needs root (or sudo) only when something is missing. Safe to run again.
set -euo pipefail
# command -> package
declare -A needs=(
  [xorriso]=xorriso [genisoimage]=genisoimage [isoinfo]=genisoimage [7zz]=7zip [bsdtar]=libarchive-tools
  [iso-info]=libcdio-utils [qemu-system-x86_64]=qemu-system-x86 [grub-mkimage]=grub-pc-bin [mcopy]=mtools
  [mkfs.vfat]=dosfstools [fsck.fat]=dosfstools [sgdisk]=gdisk [fdisk]=fdisk [mkfifo]=coreutils [script]=bsdutils
  [bchunk]=bchunk [nrg2iso]=nrg2iso [mdf2iso]=mdf2iso [ccd2iso]=ccd2iso [iat]=iat [chdman]=mame-tools [cd-info]=libcdio-utils
  [cueconvert]=cuetools [blkid]=util-linux [grub-mkrescue]=grub-common [apt-get]=apt [dpkg-deb]=dpkg
  [udfinfo]=udftools [mkudffs]=udftools [cpio]=cpio
  [implantisomd5]=isomd5sum [checkisomd5]=isomd5sum [mkzftree]=genisoimage
)
missing=()
for cmd in "${!needs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd || -x /sbin/$cmd ]] || missing+=("${needs[$cmd]}")
done
[[ -f /usr/lib/grub/x86_64-efi/modinfo.sh ]] || missing+=(grub-efi-amd64-bin)
[[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ]] || missing+=(ovmf)
[[ -f /usr/share/OVMF/OVMF32_CODE_4M.secboot.fd ]] || missing+=(ovmf-ia32)
[[ -f /usr/lib/ISOLINUX/isolinux.bin ]] || missing+=(isolinux)
[[ -d /usr/lib/syslinux/modules/bios ]] || missing+=(syslinux-common)
/usr/bin/python3 -c 'import pycdlib' >/dev/null 2>&1 || missing+=(python3-pycdlib)
if (( ${#missing[@]} == 0 )); then
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "Installing Debian packages: ${missing[*]}"
sudo=()
if (( EUID != 0 )); then
  command -v sudo >/dev/null || { echo "error: ${missing[*]} missing and not root: run as root or install them" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
