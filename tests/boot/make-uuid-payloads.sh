#!/usr/bin/env bash
# Builds GRUB payloads that find their root file system by volume UUID, for the two-image boot test.
# Usage: make-uuid-payloads.sh OUTDIR
# Needs (Debian): grub-pc-bin grub-efi-amd64-bin
#
# OUTDIR/efi/EFI/BOOT/BOOTX64.EFI   GRUB UEFI application (a folder for --efi-boot-dir)
# OUTDIR/eltorito.img               GRUB BIOS El Torito no-emulation image (put it at boot/grub/eltorito.img)
#
# The embedded config prints UUIDBOOT-<firmware>-OK, puts the UUID of the file system GRUB was started from in $self
# (probe --fs-uuid $root), prints it as UUIDBOOT-SELF=..., and sources /boot/grub/uuid.cfg from that file system.
# An image's uuid.cfg does what grub-mkrescue's config does: `search --fs-uuid --set=root UUID` (a literal UUID, or
# $self), then reads files from $root, for example:
#   search --no-floppy --fs-uuid --set=root 2024-05-01-12-34-56-78
#   echo UUIDBOOT-ROOT=$root
#   cat /marker.txt
#   echo UUIDBOOT-DONE
#   halt
# Everything goes to the serial console.
set -euo pipefail
out=${1:?usage: make-uuid-payloads.sh OUTDIR}
mkdir -p "$out/efi/EFI/BOOT"
out=$(cd "$out" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

write_cfg() { # $1 = firmware name, $2 = terminal list
cat > "$work/$1.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output $2
echo UUIDBOOT-$1-OK
echo UUIDBOOT-STARTED-FROM=\$root
probe --set=self --fs-uuid \$root
echo UUIDBOOT-SELF=\$self
source /boot/grub/uuid.cfg
echo UUIDBOOT-NO-CONFIG
halt
CFG
}
mods="normal configfile serial terminal echo halt test search search_fs_uuid probe cat iso9660 part_msdos part_gpt"
write_cfg BIOS "serial console"
grub-mkimage -O i386-pc-eltorito -p /boot/grub -c "$work/BIOS.cfg" -o "$out/eltorito.img" $mods biosdisk
write_cfg UEFI "serial"
grub-mkimage -O x86_64-efi -p /EFI/BOOT -c "$work/UEFI.cfg" -o "$out/efi/EFI/BOOT/BOOTX64.EFI" $mods fat
echo "payloads in $out"
