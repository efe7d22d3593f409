#!/usr/bin/env bash
# Mounts an image with the Linux kernel's own file system driver, in a QEMU guest (software emulation: no KVM, no
# root, no loop devices on this machine), and prints what the kernel sees. An independent reader for tests: the
# udf driver for UDF images, the isofs driver for ISO 9660.
#
# Usage: kernel-mount.sh IMAGE FSTYPE [TIMEOUT_S] [MOUNT_OPTIONS]
#   FSTYPE: udf | iso9660     MOUNT_OPTIONS: extra mount -o options (norock, nojoliet, ...)
# Output on stdout, between KERNEL-LISTING-BEGIN and KERNEL-LISTING-END, one line per entry, sorted by path:
#   D /path                                     a directory
#   F SIZE SHA256 /path                         a file of at most 64 MiB
#   P SIZE SHA256_FIRST SHA256_MIDDLE SHA256_LAST /path
#                                               a larger file: the SHA-256 of its MiB 0, MiB (SIZE/1MiB)/2 and its
#                                               last MiB (cut at the end of the file)
#   L TARGET /path                              a symbolic link
# then "KERNEL-MOUNT: ..." (the mount's line in /proc/mounts) and "KERNEL: <uname -r>".
# Exit: 0 mounted and listed, 1 the kernel did not mount it (its messages on stderr), 2 usage or missing tools.
#
# With KERNEL_COPY_IN=DIR the kernel first writes: it mounts the image read-write, copies DIR's contents into its
# root (cp -a), unmounts, and then mounts and lists as above. The image is changed: a UDF volume made by mkudffs
# and filled by Linux's udf driver, for tests of other writers' images. DIR goes into the guest's memory: keep it small.
#
# With KERNEL_PARTITION=N the kernel mounts partition N of the image (/dev/vdaN, found through its MBR or GPT)
# instead of the whole image; the disk then has 512-byte sectors, as a USB stick presents it (the partition tables
# count in 512-byte sectors). For images whose ISO volume is also a partition (xorriso -partition_offset 16).
#
# The guest is the kernel of Debian's linux-image-cloud-amd64 (its udf, isofs and virtio modules) and a busybox
# initramfs, fetched with apt-get download into ${ISOBUILD_KERNEL_CACHE:-$HOME/.cache/isobuild-kernel} once.
# The image is attached read-only as a virtio disk with 2048-byte sectors, as a CD presents it.
# Needs (Debian): qemu-system-x86 cpio apt
set -uo pipefail
img=${1:-}; fs=${2:-}; limit=${3:-180}; options=${4:-}
[[ -f $img && $fs =~ ^(udf|iso9660)$ ]] || { echo "usage: kernel-mount.sh IMAGE udf|iso9660 [TIMEOUT_S] [MOUNT_OPTIONS]" >&2; exit 2; }
for tool in qemu-system-x86_64 cpio apt-get dpkg-deb gzip; do
  command -v $tool >/dev/null || { echo "$tool missing (apt-get install qemu-system-x86 cpio)" >&2; exit 2; }
done
img=$(cd "$(dirname "$img")" && pwd)/$(basename "$img")

cache=${ISOBUILD_KERNEL_CACHE:-${HOME:-/tmp}/.cache/isobuild-kernel}
mkdir -p "$cache"
# One download at a time: tests may call this in parallel.
exec 9>"$cache/.lock"
flock 9
if [[ ! -f $cache/ready ]]; then
  (
    set -e
    cd "$cache"
    rm -rf debs root && mkdir -p debs root
    package=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
    if [[ -z $package ]]; then
      apt-get update -qq >/dev/null 2>&1 || true
      package=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
    fi
    [[ -n $package ]] || { echo "no linux-image-cloud-amd64 package known to apt" >&2; exit 1; }
    (cd debs && apt-get download -qq "$package" busybox-static >/dev/null 2>&1)
    for deb in debs/*.deb; do dpkg-deb -x "$deb" root; done
    cp root/boot/vmlinuz-* vmlinuz
    basename root/lib/modules/* > version
    touch ready
  ) || { echo "could not fetch the guest kernel (apt-get download linux-image-cloud-amd64 busybox-static)" >&2; exit 2; }
fi
flock -u 9
version=$(cat "$cache/version")
modules=$cache/root/lib/modules/$version/kernel

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
initrd=$work/initrd
mkdir -p "$initrd"/{bin,proc,sys,dev,mnt,modules}
cp "$cache/root/bin/busybox" "$initrd/bin/busybox"
copy_in=${KERNEL_COPY_IN:-}
if [[ -n $copy_in ]]; then
  [[ -d $copy_in ]] || { echo "KERNEL_COPY_IN=$copy_in is not a directory" >&2; exit 2; }
  mkdir -p "$initrd/payload"
  cp -a "$copy_in/." "$initrd/payload/"
fi

# The modules the guest loads, each after what it depends on (from each module's own .modinfo "depends=").
declare -A loaded=()
order=()
module_file() { find "$modules" -name "$1.ko" -o -name "${1//_/-}.ko" -o -name "${1//-/_}.ko" | head -1; }
load() {
  local name=$1 file deps dep
  [[ -n ${loaded[$name]:-} ]] && return
  loaded[$name]=1
  file=$(module_file "$name")
  [[ -n $file ]] || return 0   # built into the kernel
  deps=$(grep -a -o 'depends=[A-Za-z0-9_,-]*' "$file" | head -1); deps=${deps#depends=}
  for dep in ${deps//,/ }; do load "$dep"; done
  cp "$file" "$initrd/modules/"
  order+=("$(basename "$file")")
}
for m in virtio_pci virtio_blk crc-itu-t cdrom udf isofs; do load "$m"; done
printf '%s\n' "${order[@]}" > "$initrd/modules/order"

cat > "$initrd/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
fs=; options=ro; dev=vda
for a in $(cat /proc/cmdline); do
  case $a in
    isobuild.fs=*) fs=${a#isobuild.fs=} ;;
    isobuild.dev=*) dev=${a#isobuild.dev=} ;;
    isobuild.options=*) options=ro,${a#isobuild.options=} ;;
  esac
done
while read -r m; do insmod /modules/$m 2>/dev/null; done < /modules/order
i=0
while [ ! -b /dev/$dev ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
if [ -d /payload ]; then
  if mount -t "$fs" -o rw /dev/vda /mnt && cp -a /payload/. /mnt/ && sync && umount /mnt; then
    echo KERNEL-COPY-DONE
  else
    echo KERNEL-MOUNT-FAILED
    dmesg | tail -n 30
    poweroff -f
  fi
fi
if mount -t "$fs" -o "$options" /dev/$dev /mnt; then
  echo KERNEL-LISTING-BEGIN
  cd /mnt
  find . -mindepth 1 | sort | while IFS= read -r p; do
    path=${p#.}
    if [ -L "$p" ]; then
      echo "L $(readlink "$p") $path"
    elif [ -d "$p" ]; then
      echo "D $path"
    else
      size=$(stat -c %s "$p")
      mib=1048576
      if [ "$size" -le $((64 * mib)) ]; then
        echo "F $size $(sha256sum < "$p" | cut -d' ' -f1) $path"
      else
        chunk() { dd if="$p" bs=$mib skip=$1 count=1 2>/dev/null | sha256sum | cut -d' ' -f1; }
        echo "P $size $(chunk 0) $(chunk $((size / mib / 2))) $(chunk $(((size - 1) / mib))) $path"
      fi
    fi
  done
  echo KERNEL-LISTING-END
  grep ' /mnt ' /proc/mounts | sed 's/^/KERNEL-MOUNT: /'
  echo "KERNEL: $(uname -r)"
else
  echo KERNEL-MOUNT-FAILED
  dmesg | tail -n 30
fi
poweroff -f
INIT
chmod +x "$initrd/init"
(cd "$initrd" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$work/initrd.gz"

log=$work/serial.log; : > "$log"
readonly=on; [[ -n $copy_in ]] && readonly=off
partition=${KERNEL_PARTITION:-}
[[ -z $partition || $partition =~ ^[1-9][0-9]?$ ]] || { echo "KERNEL_PARTITION=$partition is not a partition number" >&2; exit 2; }
sector=2048; [[ -n $partition ]] && sector=512
# no_timer_check: under software emulation on a loaded host the kernel's early check that the IO-APIC timer ticks
# can miss its window and panic ("IO-APIC + timer doesn't work!"); the check says nothing about the image.
append="console=ttyS0 loglevel=1 panic=-1 no_timer_check isobuild.fs=$fs${options:+ isobuild.options=$options}${partition:+ isobuild.dev=vda$partition}"
setsid qemu-system-x86_64 -M q35 -accel tcg -m 512 -display none -monitor none -nodefaults -no-reboot \
  -serial "file:$log" -kernel "$cache/vmlinuz" -initrd "$work/initrd.gz" -append "$append" \
  -drive "if=none,id=image,format=raw,readonly=$readonly,file=$img" \
  -device virtio-blk-pci,drive=image,logical_block_size=$sector,physical_block_size=$sector >"$work/qemu.out" 2>&1 &
pid=$!
start=$SECONDS
while (( SECONDS - start < limit )) && kill -0 $pid 2>/dev/null; do
  grep -qa -e KERNEL-MOUNT-FAILED -e '^KERNEL: ' "$log" && { sleep 0.5; break; }
  sleep 0.2
done
kill -- -$pid 2>/dev/null; wait $pid 2>/dev/null
tr -d '\r' < "$log" > "$work/console.txt"
if grep -q '^KERNEL: ' "$work/console.txt"; then
  sed -n '/^KERNEL-LISTING-BEGIN$/,$p' "$work/console.txt" | grep -a -E '^(KERNEL|[DFPL] )'
  exit 0
fi
echo "the kernel did not mount $img as $fs ($((SECONDS - start)) s):" >&2
tail -c 3000 "$work/console.txt" >&2
tail -c 500 "$work/qemu.out" >&2
exit 1
