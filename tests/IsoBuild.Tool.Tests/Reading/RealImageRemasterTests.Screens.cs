using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using IsoBuild.Testing;

namespace IsoBuild.Tool.Tests.Reading;

/// <summary>
/// memtest86+ under UEFI draws on its own 640×480 framebuffer: no VGA text, no serial console. Original and edit are
/// compared by their pictures (8×16 cells that differ), and a control that cannot boot (its ESP's boot sector zeroed)
/// must be told apart by the same comparison, which proves the tolerance is not too wide.
/// </summary>
public sealed partial class RealImageRemasterTests
{
    /// <summary>memtest's framebuffer size (OVMF's own console is 1280×800).</summary>
    private const int MemtestWidth = 640, MemtestHeight = 480;

    /// <summary>
    /// Differing cells allowed between two captures of memtest's screen: clock, speeds, the test pattern and progress
    /// differ in 2–8 % (measured 7.4 % for x64 under OVMF); a screen without memtest (OVMF's console, a blank
    /// framebuffer) differs in 85–100 %.
    /// </summary>
    private const double CellTolerance = 0.15;

    public static TheoryData<string, string> PictureBoots => new()
    {
        { "memtest-x64", "uefi-disk" },
        { "memtest-ia32", "uefi32-cdrom" },
    };

    [Theory]
    [MemberData(nameof(PictureBoots))]
    public void The_edited_image_shows_the_screen_of_its_original(string name, string mode)
    {
        RequireFirmware(mode.StartsWith("uefi32", StringComparison.Ordinal) ? "/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd" : "/usr/share/OVMF/OVMF_CODE_4M.fd",
            mode.StartsWith("uefi32", StringComparison.Ordinal) ? "ovmf-ia32" : "ovmf");
        string original = Path.Combine(_images.Directory, name + ".iso");
        string edited = _images.Edited(name);
        Picture before = Screens.Capture(original, mode);
        Picture after = Screens.Capture(edited, mode);
        Assert.True(before.IsMemtest, $"{name} {mode}: the original did not reach memtest's screen ({before})");
        Assert.True(after.IsMemtest, $"{name} {mode}: the edit did not reach memtest's screen ({after})");
        double differ = before.DifferingCells(after);
        _output.WriteLine($"{name} {mode}: original {before}; edit {after}; {differ:P1} of the cells differ");
        Assert.True(differ <= CellTolerance, $"{name} {mode}: {differ:P1} of the cells differ between original and edit ({before} / {after})");

        // The control: the edit with its ESP's boot sector zeroed cannot boot memtest; the comparison must say so.
        string control = Path.Combine(_images.Directory, name + "." + mode + ".control.iso");
        File.Copy(edited, control, overwrite: true);
        using (FileStream s = File.Open(control, FileMode.Open))
        {
            byte[] mbr = new byte[512];
            s.ReadExactly(mbr);
            uint esp = BitConverter.ToUInt32(mbr, 446 + 16 + 8); // partition 2, the appended ESP
            Assert.Equal(0xEF, mbr[446 + 16 + 4]);
            s.Position = esp * 512L;
            s.Write(new byte[512]);
        }
        // It is watched half as long again as the original took to show memtest's screen and settle, no longer.
        Picture broken = Screens.Capture(control, mode, before.At * 1.5);
        _output.WriteLine($"{name} {mode}: control {broken}; {before.DifferingCells(broken):P1} of the cells differ from the original");
        Assert.False(broken.IsMemtest, $"{name} {mode}: the control reached memtest's screen ({broken})");
        Assert.True(before.DifferingCells(broken) > CellTolerance, $"{name} {mode}: the control passed for the original ({before} / {broken})");
        // A memtest that hung before drawing leaves a blank framebuffer of the same size: told apart too.
        Picture blank = before with { Rgb = new byte[before.Rgb.Length] };
        Assert.True(before.DifferingCells(blank) > CellTolerance, $"{name} {mode}: a blank screen passed for the original ({before})");
    }

    private static void RequireFirmware(string path, string package)
    {
        if (!File.Exists(path))
            throw new Xunit.Sdk.XunitException($"'{path}' is not installed. Run build/install-deps.sh (or: apt-get install {package}).");
    }

    /// <summary>A screendump: size and RGB pixels.</summary>
    private sealed record Picture(int Width, int Height, byte[] Rgb, TimeSpan At)
    {
        /// <summary>memtest's framebuffer with its screen drawn (a blank 640×480 comes first, for 20–50 s).</summary>
        public bool IsMemtest => Width == MemtestWidth && Height == MemtestHeight && LitCells >= 0.15;

        /// <summary>The fraction of 8×16 cells with any pixel that is not black.</summary>
        public double LitCells
        {
            get
            {
                int lit = 0, total = 0;
                for (int cy = 0; cy < Height; cy += 16)
                {
                    for (int cx = 0; cx < Width; cx += 8)
                    {
                        total++;
                        if (CellLit(cx, cy))
                            lit++;
                    }
                }
                return total == 0 ? 0 : (double)lit / total;
            }
        }

        private bool CellLit(int cx, int cy)
        {
            for (int y = cy; y < Math.Min(cy + 16, Height); y++)
            {
                int from = (y * Width + cx) * 3, to = (y * Width + Math.Min(cx + 8, Width)) * 3;
                if (Rgb.AsSpan(from, to - from).IndexOfAnyExcept((byte)0) >= 0)
                    return true;
            }
            return false;
        }

        /// <summary>The fraction of 8×16 cells whose pixels differ; 1 when the sizes differ.</summary>
        public double DifferingCells(Picture other)
        {
            if (Width != other.Width || Height != other.Height)
                return 1;
            int differ = 0, total = 0;
            for (int cy = 0; cy < Height; cy += 16)
            {
                for (int cx = 0; cx < Width; cx += 8)
                {
                    total++;
                    for (int y = cy; y < Math.Min(cy + 16, Height); y++)
                    {
                        int from = (y * Width + cx) * 3, length = (Math.Min(cx + 8, Width) - cx) * 3;
                        if (!Rgb.AsSpan(from, length).SequenceEqual(other.Rgb.AsSpan(from, length)))
                        {
                            differ++;
                            break;
                        }
                    }
                }
            }
            return (double)differ / total;
        }

        public override string ToString() => $"{Width}×{Height}, {LitCells:P0} lit, after {At.TotalSeconds:F0} s";
    }

    /// <summary>Boots an image in QEMU and takes its picture once memtest's screen has been up for a while.</summary>
    private static class Screens
    {
        /// <summary>How long memtest's screen must have been up: it starts testing by itself a few seconds after it shows.</summary>
        private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

        public static Picture Capture(string image, string mode, TimeSpan? limit = null)
        {
            using var dir = new TempDirectory("real-screen");
            string monitor = dir.Combine("monitor.sock");
            using Process process = Qemu.Start(dir, image, mode);
            Picture last = new(0, 0, [], TimeSpan.Zero);
            try
            {
                var clock = Stopwatch.StartNew();
                TimeSpan? shown = null;
                TimeSpan end = limit ?? TimeSpan.FromSeconds(240);
                while (clock.Elapsed < end && !process.HasExited)
                {
                    Thread.Sleep(2000);
                    last = Screendump(monitor, dir.Combine("screen.ppm"), clock.Elapsed) ?? last;
                    shown ??= last.IsMemtest ? clock.Elapsed : null;
                    if (shown is { } s && clock.Elapsed - s >= Settle)
                        break;
                }
            }
            finally
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            return last;
        }

        /// <summary>The monitor's screendump (a binary PPM), or null when the monitor or the file is not there yet.</summary>
        private static Picture? Screendump(string monitor, string ppm, TimeSpan at)
        {
            if (!File.Exists(monitor))
                return null;
            File.Delete(ppm);
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(monitor));
                socket.Send(Encoding.ASCII.GetBytes($"screendump {ppm}\n"));
                // The dump may complete after the command returns: wait for the whole file.
                var clock = Stopwatch.StartNew();
                while (clock.ElapsedMilliseconds < 5000)
                {
                    Thread.Sleep(100);
                    if (File.Exists(ppm) && ReadPpm(ppm, at) is { } picture)
                        return picture;
                }
            }
            catch (SocketException)
            {
            }
            return null;
        }

        /// <summary>A P6 PPM as QEMU writes it ("P6\nW H\n255\n" and RGB bytes); null while it is incomplete.</summary>
        private static Picture? ReadPpm(string path, TimeSpan at)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                return null;
            }
            string[] fields = new string[4];
            int field = 0, pos = 0;
            while (field < 4 && pos < bytes.Length)
            {
                while (pos < bytes.Length && char.IsWhiteSpace((char)bytes[pos]))
                    pos++;
                int start = pos;
                while (pos < bytes.Length && !char.IsWhiteSpace((char)bytes[pos]))
                    pos++;
                fields[field++] = Encoding.ASCII.GetString(bytes, start, pos - start);
            }
            if (field < 4 || fields[0] != "P6" || !int.TryParse(fields[1], out int w) || !int.TryParse(fields[2], out int h))
                return null;
            pos++; // the one whitespace after the maximum value
            if (bytes.Length - pos < w * h * 3)
                return null;
            return new Picture(w, h, bytes.AsSpan(pos, w * h * 3).ToArray(), at);
        }
    }
}
