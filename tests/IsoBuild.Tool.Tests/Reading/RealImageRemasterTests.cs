using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using IsoBuild.Testing;
using Xunit.Abstractions;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>
/// Remasters real third-party boot images nobody here made — Debian's ipxe.iso, grub-rescue-cdrom.iso, memtest86+
/// x64/ia32 and a grub-mkrescue image — the way remastering users do: add a file, remove one, replace a config.
/// diff sees exactly those changes; xorriso, fdisk and sgdisk report the same boot setup; the edits boot.
/// </summary>
[Trait(Category.Name, Category.External)]
public sealed partial class RealImageRemasterTests : IClassFixture<RealImageRemasterTests.Images>
{
    private readonly Images _images;
    private readonly ITestOutputHelper _output;

    public RealImageRemasterTests(Images images, ITestOutputHelper output) => (_images, _output) = (images, output);

    /// <summary>The images, fetched once per run (apt-get download + dpkg-deb -x; grub-mkrescue of a tiny tree), and their edits.</summary>
    public sealed class Images : IDisposable
    {
        private const string FetchScript = """
set -euo pipefail
out=$1; work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download ipxe grub-rescue-pc memtest86+ >/dev/null 2>&1 ) || { apt-get update -qq >/dev/null; ( cd "$work" && apt-get download ipxe grub-rescue-pc memtest86+ >/dev/null ); }
mkdir "$work/x"; for d in "$work"/*.deb; do dpkg-deb -x "$d" "$work/x"; done
cp "$work/x/usr/lib/ipxe/ipxe.iso" "$out/ipxe.iso"
cp "$work/x/usr/lib/grub-rescue/grub-rescue-cdrom.iso" "$out/grub-rescue.iso"
cp "$work/x/usr/lib/memtest86+/memtest86+x64.iso" "$out/memtest-x64.iso"
cp "$work/x/usr/lib/memtest86+/memtest86+ia32.iso" "$out/memtest-ia32.iso"
mkdir -p "$work/tree/boot/grub"
echo 'ISOBUILD-HELLO-FROM-ISO-TREE' > "$work/tree/hello.txt"
echo 'Mac side, removed by the test' > "$work/tree/remove-me.txt"
cat > "$work/tree/boot/grub/grub.cfg" <<'CFG'
if [ "${grub_platform}" = "pc" ]; then
  insmod serial
  serial --unit=0 --speed=115200
  terminal_input console serial
  terminal_output console serial
fi
echo "ISOBUILD-GRUBCFG-OK platform=${grub_platform}"
cat /hello.txt
set timeout=-1
menuentry "IsoBuild remaster test entry" {
  echo "entry selected"
}
CFG
grub-mkrescue -o "$out/mkrescue.iso" "$work/tree" >"$work/mk.log" 2>&1 || { cat "$work/mk.log" >&2; exit 1; }
""";

        private readonly TempDirectory _dir = new("real-images");

        public Images()
        {
            ExternalTool.Require("grub-mkrescue");
            ExternalTool.Require("xorriso");
            ExternalTool.Require("mcopy");
            ExternalTool.Run("bash", ["-c", FetchScript, "fetch", _dir.Path], timeout: TimeSpan.FromMinutes(10)).EnsureSuccess();
            Directory = _dir.Path;
        }

        public string Directory { get; }

        private readonly Dictionary<string, string> _edited = [];

        /// <summary>The image edited as <see cref="Change"/> says, made once.</summary>
        public string Edited(string name)
        {
            lock (_edited)
            {
                if (_edited.TryGetValue(name, out string? done))
                    return done;
                Change change = Changes[name];
                string added = Path.Combine(Directory, name + ".added.txt");
                File.WriteAllText(added, "added by the remaster test\n");
                string config = Path.Combine(Directory, name + ".config");
                string extracted = Path.Combine(Directory, name + ".original-config");
                var args = new List<string> { "edit", Path.Combine(Directory, name + ".iso"), "-o", Path.Combine(Directory, name + ".edited.iso"),
                    "--add", "isobuild/added.txt=" + added, "-q" };
                if (change.Remove is not null)
                    args.AddRange(["--remove", change.Remove]);
                if (change.Config is not null)
                {
                    ReadingCli.Run("extract", Path.Combine(Directory, name + ".iso"), change.Config, "-o", extracted, "-q").Succeeded();
                    string original = File.ReadAllText(Path.Combine(extracted, change.Config));
                    File.WriteAllText(config, change.EditConfig!(original));
                    args.AddRange(["--add", change.Config + "=" + config]);
                }
                args.AddRange(change.Options);
                ReadingCli.Run([.. args]).Succeeded();
                return _edited[name] = Path.Combine(Directory, name + ".edited.iso");
            }
        }

        public void Dispose() => _dir.Dispose();
    }

    /// <summary>What each remaster does (besides adding /isobuild/added.txt).</summary>
    private sealed record Change(string? Remove, string? Config, Func<string, string>? EditConfig, string[] Options, string[] Touched);

    private static readonly Dictionary<string, Change> Changes = new()
    {
        // ipxe.iso has no file its boots can spare: add and replace only.
        ["ipxe"] = new(null, "isolinux.cfg", c => c + "# remastered\n", [], ["/isolinux.cfg"]),
        ["grub-rescue"] = new("boot/grub/i386-pc/zfs.mod", "boot/grub/grub.cfg", c => c + "# remastered\n", [], ["/boot/grub/i386-pc/zfs.mod", "/boot/grub/grub.cfg"]),
        // memtest's UEFI boots from the appended ESP: the tree's copy of the EFI program can go.
        ["memtest-x64"] = new("EFI/BOOT/bootx64.efi", null, null, [], ["/EFI/BOOT/bootx64.efi"]),
        ["memtest-ia32"] = new("EFI/BOOT/bootia32.efi", null, null, [], ["/EFI/BOOT/bootia32.efi"]),
        ["mkrescue"] = new("remove-me.txt", "boot/grub/grub.cfg", c => c.Replace("ISOBUILD-GRUBCFG-OK", "ISOBUILD-REMASTERED-CFG", StringComparison.Ordinal), ["--drop-hfsplus"],
            ["/remove-me.txt", "/boot/grub/grub.cfg"]),
    };

    public static TheoryData<string> Names => ["ipxe", "grub-rescue", "memtest-x64", "memtest-ia32", "mkrescue"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Diff_lists_exactly_the_changes(string name)
    {
        string original = Path.Combine(_images.Directory, name + ".iso");
        string edited = _images.Edited(name);
        CliResult diff = ReadingCli.Run("diff", original, edited);
        Change change = Changes[name];
        string[] changed = [.. diff.Lines.Where(l => l[0] is '+' or '-' or '~').Select(l => l[2..].Split(' ')[0]).Order(StringComparer.Ordinal)];
        string[] expected = [.. new[] { "/isobuild", "/isobuild/added.txt" }.Concat(change.Touched).Order(StringComparer.Ordinal)];
        Assert.True(expected.SequenceEqual(changed), $"{name}: diff said\n{diff.Output}");
        // Nothing else: no volume, boot entry or partition line (boot images compare modulo IsoBuild's patches);
        // grub-mkrescue's image loses its HFS+ partition, as --drop-hfsplus asked.
        string[] other = [.. diff.Lines.Where(l => l[0] is not ('+' or '-' or '~') && !l.StartsWith("note:", StringComparison.Ordinal))];
        if (name == "mkrescue")
        {
            Assert.Equal(["partitions: 'MBR 1 0xee; GPT 1 EBD0A0A2-B9E5-4433-87C0-68B6B72699C7; GPT 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B; GPT 3 48465300-0000-11AA-AA11-00306543ECAC; GPT 4 EBD0A0A2-B9E5-4433-87C0-68B6B72699C7' -> 'MBR 1 0xee; GPT 1 EBD0A0A2-B9E5-4433-87C0-68B6B72699C7; GPT 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B; GPT 3 EBD0A0A2-B9E5-4433-87C0-68B6B72699C7'"], other);
        }
        else
        {
            Assert.True(other.Length == 0, $"{name}: diff said\n{diff.Output}");
        }
        if (change.Config is not null)
            Assert.Contains(diff.Lines, l => l.StartsWith("~ /" + change.Config + " (content", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Xorriso_fdisk_and_sgdisk_report_the_same_boot_setup(string name)
    {
        string original = Path.Combine(_images.Directory, name + ".iso");
        string edited = _images.Edited(name);
        string Xorriso(string image) => Normalise(ExternalTool.Run("xorriso", "-indev", image, "-report_el_torito", "plain", "-report_system_area", "plain").StandardOutput);
        string Fdisk(string image) => Normalise(Regex.Replace(ExternalTool.Run("fdisk", "-l", image).EnsureSuccess().StandardOutput, Regex.Escape(image) + "[0-9]*", "IMAGE"));
        Assert.Equal(Xorriso(original), Xorriso(edited));
        Assert.Equal(Fdisk(original), Fdisk(edited));
        string sgdisk = ExternalTool.Run("sgdisk", "-v", edited).StandardOutput;
        if (name == "mkrescue")
            Assert.Contains("No problems found", sgdisk, StringComparison.Ordinal);
        else
            Assert.Equal(Normalise(ExternalTool.Run("sgdisk", "-v", original).StandardOutput), Normalise(sgdisk));
        // sgdisk -p of an MBR-only image shows the GPT it would convert to, with a new random disk GUID each run.
        string Sgdisk(string image) => Normalise(Sizes().Replace(string.Join('\n', ExternalTool.Run("sgdisk", "-p", image).StandardOutput.Replace(image, "IMAGE", StringComparison.Ordinal)
            .Split('\n').Where(l => name == "mkrescue" || !l.StartsWith("Disk identifier (GUID)", StringComparison.Ordinal))), "SIZE"));
        Assert.Equal(Sgdisk(original), Sgdisk(edited));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_disk_signature_and_the_gpt_guids_are_kept(string name)
    {
        string original = Path.Combine(_images.Directory, name + ".iso");
        string edited = _images.Edited(name);
        static uint Signature(string image)
        {
            using FileStream s = File.OpenRead(image);
            byte[] mbr = new byte[512];
            s.ReadExactly(mbr);
            return BitConverter.ToUInt32(mbr, 440);
        }
        Assert.Equal(Signature(original), Signature(edited));
        if (name == "ipxe")
            Assert.Equal(0x5d814855u, Signature(edited));
        if (name != "mkrescue")
            return;
        Assert.Equal(Gpt(original, 0)["Disk identifier (GUID)"], Gpt(edited, 0)["Disk identifier (GUID)"]);
        // Gap0, the EFI boot partition and Gap1 (4th in the original, 3rd once the HFS+ entry is dropped).
        foreach ((int before, int after) in new[] { (1, 1), (2, 2), (4, 3) })
        {
            Dictionary<string, string> o = Gpt(original, before), e = Gpt(edited, after);
            foreach (string key in new[] { "Partition GUID code", "Partition unique GUID", "Partition name", "Attribute flags" })
                Assert.Equal(o[key], e[key]);
        }
    }

    /// <summary>sgdisk -p (entry 0) or -i N, as key → value.</summary>
    private static Dictionary<string, string> Gpt(string image, int entry)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] args = entry == 0 ? ["-p", image] : ["-i", entry.ToString(System.Globalization.CultureInfo.InvariantCulture), image];
        foreach (string line in ExternalTool.Run("sgdisk", args).EnsureSuccess().StandardOutput.Split('\n'))
        {
            string[] kv = line.Split(':', 2);
            if (kv.Length == 2)
                info.TryAdd(kv[0].Trim(), kv[1].Trim());
        }
        return info;
    }

    /// <summary>
    /// A report with what must differ taken out: addresses and sizes (files move, the volume grows) and grub-mkrescue's
    /// Mac side, which the edit drops by request. The disk signature and the GPT GUIDs stay in: an edit keeps them.
    /// </summary>
    private static string Normalise(string report)
    {
        var lines = new List<string>();
        // The lines of the HFS+ GPT partition (xorriso numbers them: "GPT start and size : 3 …").
        string? hfs = report.Split('\n').Where(l => l.Contains("48004600530050004c0055005300", StringComparison.Ordinal))
            .Select(l => Spaces().Split(l.Split(':', 2)[1].Trim())[0]).FirstOrDefault();
        foreach (string line0 in report.Split('\n'))
        {
            string raw = line0.Replace(" APM", string.Empty, StringComparison.Ordinal);
            if (hfs is not null && raw.StartsWith("GPT", StringComparison.Ordinal) && raw.Contains(':', StringComparison.Ordinal)
                && Spaces().Split(raw.Split(':', 2)[1].Trim())[0] == hfs)
            {
                continue;
            }
            if (raw.StartsWith("APM", StringComparison.Ordinal) || raw.Contains("HFS", StringComparison.Ordinal) || raw.Contains("partition path", StringComparison.Ordinal)
                || raw.Contains("005346480000aa11aa1100306543ecac", StringComparison.Ordinal) || raw.Contains("48004600530050004c0055005300", StringComparison.Ordinal))
            {
                continue;
            }
            string line = Numbers().Replace(raw, "N");
            lines.Add(Spaces().Replace(line, " ").Trim());
        }
        return string.Join('\n', lines.Where(l => l.Length > 0));
    }

    [GeneratedRegex(@"\b[0-9]+(\.[0-9]+)?[KMG]?\b")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>A size as sgdisk words it ("280.0 KiB", "14.9 MiB"): the unit changes with the size.</summary>
    [GeneratedRegex(@"[0-9]+(\.[0-9]+)? [KMGT]?i?B\b")]
    private static partial Regex Sizes();

    public static TheoryData<string, string, string, string> Boots => new()
    {
        { "ipxe", "bios-cdrom", "vga", "iPXE.*No bootable device" },
        { "ipxe", "bios-disk", "vga", "iPXE.*No bootable device" },
        { "ipxe", "uefi-cdrom", "serial", "No more network devices" },
        { "ipxe", "uefi-disk", "serial", "No more network devices" },
        { "grub-rescue", "bios-cdrom", "vga", "executed automatically" },
        { "grub-rescue", "bios-disk", "vga", "executed automatically" },
        { "memtest-x64", "bios-cdrom", "vga", @"Memtest86\+ v6\.10" },
        { "memtest-x64", "bios-disk", "vga", @"Memtest86\+ v6\.10" },
        // ia32's BIOS loader shows "Loading Memtest86+...." for 25–55 s under TCG before the screen.
        { "memtest-ia32", "bios-cdrom", "vga", @"Memtest86\+ v6\.10" },
        { "mkrescue", "bios-cdrom", "serial", "ISOBUILD-REMASTERED-CFG platform=pc.*ISOBUILD-HELLO-FROM-ISO-TREE" },
        { "mkrescue", "bios-disk", "serial", "ISOBUILD-REMASTERED-CFG platform=pc.*ISOBUILD-HELLO-FROM-ISO-TREE" },
        { "mkrescue", "uefi-cdrom", "serial", "ISOBUILD-REMASTERED-CFG platform=efi.*ISOBUILD-HELLO-FROM-ISO-TREE" },
        { "mkrescue", "uefi-disk", "serial", "ISOBUILD-REMASTERED-CFG platform=efi.*ISOBUILD-HELLO-FROM-ISO-TREE" },
    };

    [Theory]
    [MemberData(nameof(Boots))]
    public void The_edited_image_boots_as_its_original(string name, string mode, string screen, string marker)
    {
        string edited = _images.Edited(name);
        string seen = Qemu.BootUntil(edited, mode, screen == "vga", new Regex(marker, RegexOptions.Singleline), TimeSpan.FromSeconds(name == "memtest-ia32" ? 200 : 120));
        Assert.True(Regex.IsMatch(seen, marker, RegexOptions.Singleline), $"{name} {mode}: the marker '{marker}' did not show; last screen:\n{seen}");
    }

    /// <summary>Boots an image in QEMU (TCG) and watches the serial port or the VGA text buffer for a marker.</summary>
    private static class Qemu
    {
        public static string BootUntil(string image, string mode, bool vga, Regex marker, TimeSpan limit)
        {
            using var dir = new TempDirectory("real-boot");
            string serial = dir.Combine("serial.log");
            string monitor = dir.Combine("monitor.sock");
            using Process process = Start(dir, image, mode);
            string seen = string.Empty;
            try
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < limit && !process.HasExited)
                {
                    Thread.Sleep(1000);
                    seen = vga ? VgaText(monitor) : File.Exists(serial) ? File.ReadAllText(serial) : string.Empty;
                    if (marker.IsMatch(seen))
                        break;
                }
            }
            finally
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            return seen;
        }

        /// <summary>
        /// Starts QEMU on the image in a mode (bios|uefi|uefi32 × cdrom|disk), with its serial console in
        /// <c>serial.log</c> and its monitor on <c>monitor.sock</c> in <paramref name="dir"/>.
        /// </summary>
        public static Process Start(TempDirectory dir, string image, string mode)
        {
            string qemu = ExternalTool.Require("qemu-system-x86_64");
            bool uefi32 = mode.StartsWith("uefi32", StringComparison.Ordinal);
            var args = new List<string> { "-M", uefi32 ? "q35,smm=on" : "q35", "-m", "512", "-nodefaults", "-vga", "std", "-display", "none", "-nic", "none",
                "-no-reboot", "-serial", "file:" + dir.Combine("serial.log"), "-monitor", $"unix:{dir.Combine("monitor.sock")},server,nowait" };
            string vars = dir.Combine("vars.fd");
            if (uefi32)
            {
                File.Copy("/usr/share/OVMF/OVMF32_VARS_4M.fd", vars);
                // The only 32-bit OVMF Debian ships is the secure-boot build: it needs SMM and a secure flash; no keys
                // are enrolled, so Secure Boot stays off.
                args.AddRange(["-global", "driver=cfi.pflash01,property=secure,value=on",
                    "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd", "-drive", $"if=pflash,format=raw,file={vars}"]);
            }
            else if (mode.StartsWith("uefi", StringComparison.Ordinal))
            {
                File.Copy("/usr/share/OVMF/OVMF_VARS_4M.fd", vars);
                args.AddRange(["-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd", "-drive", $"if=pflash,format=raw,file={vars}"]);
            }
            if (mode.EndsWith("cdrom", StringComparison.Ordinal))
                args.AddRange(["-drive", $"if=none,id=boot,media=cdrom,readonly=on,format=raw,file={image}", "-device", "ide-cd,drive=boot,bootindex=0"]);
            else
                args.AddRange(["-drive", $"if=none,id=boot,format=raw,snapshot=on,file={image}", "-device", "qemu-xhci", "-device", "usb-storage,drive=boot,bootindex=0"]);
            var psi = new ProcessStartInfo(qemu) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            args.ForEach(psi.ArgumentList.Add);
            return Process.Start(psi)!;
        }

        /// <summary>The 80×25 text screen, read from the VGA buffer at 0xb8000 through the monitor (character = low byte).</summary>
        private static string VgaText(string monitor)
        {
            if (!File.Exists(monitor))
                return string.Empty;
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(monitor));
                socket.ReceiveTimeout = 3000;
                socket.Send(Encoding.ASCII.GetBytes("xp /2000xh 0xb8000\n"));
                var text = new StringBuilder();
                byte[] buffer = new byte[65536];
                var all = new StringBuilder();
                var clock = Stopwatch.StartNew();
                while (clock.ElapsedMilliseconds < 3000)
                {
                    int n;
                    try
                    {
                        n = socket.Receive(buffer);
                    }
                    catch (SocketException)
                    {
                        break; // a timeout: use what came
                    }
                    if (n <= 0)
                        break;
                    all.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    if (Regex.Count(all.ToString(), @"0x[0-9a-f]{4}\b") >= 2000)
                        break;
                }
                foreach (Match m in Regex.Matches(all.ToString(), @"^[0-9a-f]+:((?: 0x[0-9a-f]{4})+)", RegexOptions.Multiline))
                {
                    foreach (string word in m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        int c = Convert.ToInt32(word[2..], 16) & 0xFF;
                        text.Append(c is >= 0x20 and < 0x7F ? (char)c : ' ');
                    }
                }
                return text.ToString();
            }
            catch (SocketException)
            {
                return string.Empty;
            }
        }
    }
}
