#!/usr/bin/env bash
# Boots one of two attached images in QEMU (software emulation) and prints the serial console.
# Usage: two-image-boot.sh BOOT_IMAGE OTHER_IMAGE ORDER MODE [TIMEOUT_S]
#   ORDER: boot-first | other-first   the order the two drives are attached in (AHCI ports 0 and 1)
#   MODE:  uefi-cdrom   both images are CD-ROMs; the firmware tries OTHER_IMAGE first (it holds nothing to
#                       boot), then boots BOOT_IMAGE, so both drives are connected and the boot loader sees both
#                       (UEFI firmware connects only the drives it tries)
#          bios-cdrom   BOOT_IMAGE is the boot CD-ROM, OTHER_IMAGE a hard disk (BIOS lets a boot loader see only
#                       the boot CD-ROM, and every hard disk)
#   Passes (exit 0) once the console shows UUIDBOOT-DONE (make-uuid-payloads.sh); the serial log goes to standard
#   output for the caller to check which image the boot loader found.
# Exit: 0 done, 1 not done in time, 2 usage or missing QEMU/OVMF.
# Needs (Debian): qemu-system-x86 ovmf
set -uo pipefail
boot=${1:-}; other=${2:-}; order=${3:-}; mode=${4:-}; limit=${5:-120}
[[ -f $boot && -f $other && $order =~ ^(boot|other)-first$ && $mode =~ ^(uefi|bios)-cdrom$ ]] ||
  { echo "usage: two-image-boot.sh BOOT_IMAGE OTHER_IMAGE boot-first|other-first uefi-cdrom|bios-cdrom [TIMEOUT_S]" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 missing (apt-get install qemu-system-x86)" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
log=$work/serial.log; : > "$log"
args=(-M q35 -accel tcg -m 512 -display none -monitor none -serial "file:$log" -no-reboot -nodefaults)
cdrom=(media=cdrom readonly=on)
disk=(snapshot=on)
if [[ $mode == uefi-* ]]; then
  code=/usr/share/OVMF/OVMF_CODE_4M.fd; vars=/usr/share/OVMF/OVMF_VARS_4M.fd
  [[ -f $code ]] || { echo "OVMF missing (apt-get install ovmf)" >&2; exit 2; }
  cp "$vars" "$work/vars.fd"
  args+=(-drive "if=pflash,format=raw,readonly=on,file=$code" -drive "if=pflash,format=raw,file=$work/vars.fd")
  boot_dev=(ide-cd ",bootindex=1" "${cdrom[@]}"); other_dev=(ide-cd ",bootindex=0" "${cdrom[@]}")
else
  args+=(-boot strict=on,reboot-timeout=0)
  boot_dev=(ide-cd ",bootindex=0" "${cdrom[@]}"); other_dev=(ide-hd ",bootindex=1" "${disk[@]}")
fi
attach() { # $1 = image, $2 = id, $3 = AHCI port, then the device, its extra properties, the drive options
  local image=$1 id=$2 port=$3 device=$4 extra=$5; shift 5
  local opts; opts=$(IFS=,; echo "$*")
  args+=(-drive "if=none,id=$id,format=raw,$opts,file=$image" -device "$device,drive=$id,bus=ide.$port$extra")
}
if [[ $order == boot-first ]]; then
  attach "$boot" boot 0 "${boot_dev[@]}"; attach "$other" other 1 "${other_dev[@]}"
else
  attach "$other" other 0 "${other_dev[@]}"; attach "$boot" boot 1 "${boot_dev[@]}"
fi
setsid qemu-system-x86_64 "${args[@]}" >"$work/qemu.out" 2>&1 &
pid=$!
ok=1; start=$SECONDS
while (( SECONDS - start < limit )); do
  if grep -q UUIDBOOT-DONE "$log"; then ok=0; break; fi
  kill -0 $pid 2>/dev/null || break
  grep -qa 'Shell> ' "$log" && break   # UEFI firmware found nothing to boot
  sleep 0.2
done
kill -- -$pid 2>/dev/null; wait $pid 2>/dev/null
tr -d '\r' < "$log"
(( ok == 0 )) && echo "two-image-boot: done in $((SECONDS - start)) s ($mode, $order)" >&2 ||
  { echo "two-image-boot: not done ($mode, $order)" >&2; tail -c 300 "$work/qemu.out" >&2; }
exit $ok
