using System.Diagnostics;
using System.Globalization;

namespace IsoBuild.Tool;

/// <summary>
/// One status line on a terminal, redrawn at most four times a second while an image's file data is written:
/// files, bytes, rate and time left. Only used when standard output and standard error are both a terminal.
/// </summary>
internal sealed class TerminalProgress : IProgress<ImageBuildProgress>, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly TextWriter _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDraw = -Interval;
    private int _width;

    private TerminalProgress(TextWriter terminal) => _terminal = terminal;

    /// <summary>A progress line on <paramref name="error"/> when the user watches a terminal, else null.</summary>
    public static TerminalProgress? ForConsole(TextWriter error, bool quiet) =>
        !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && !Console.IsOutputRedirected
            ? new TerminalProgress(error)
            : null;

    public void Report(ImageBuildProgress value)
    {
        TimeSpan now = _clock.Elapsed;
        if (now - _lastDraw < Interval && value.BytesWritten < value.TotalBytes)
            return;
        _lastDraw = now;
        Draw(Format(value, now));
    }

    /// <summary>The status line, e.g. <c>1,204/20,000 files  412.0/1,536.0 MiB  388.2 MiB/s  0:03 left</c>.</summary>
    internal static string Format(ImageBuildProgress value, TimeSpan elapsed)
    {
        const double MiB = 1024 * 1024;
        double rate = elapsed.TotalSeconds > 0 ? value.BytesWritten / elapsed.TotalSeconds : 0;
        string left = rate > 0 ? FormatTime(TimeSpan.FromSeconds((value.TotalBytes - value.BytesWritten) / rate)) : "-:--";
        return string.Create(CultureInfo.InvariantCulture,
            $"{value.FilesWritten:N0}/{value.TotalFiles:N0} files  {value.BytesWritten / MiB:N1}/{value.TotalBytes / MiB:N1} MiB  {rate / MiB:N1} MiB/s  {left} left");
    }

    private static string FormatTime(TimeSpan t) =>
        t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");

    private void Draw(string line)
    {
        _terminal.Write("\r" + line.PadRight(_width));
        _width = line.Length;
        _terminal.Flush();
    }

    /// <summary>Clears the status line, so the result line that follows starts on a clean line.</summary>
    public void Dispose()
    {
        if (_width > 0)
        {
            _terminal.Write("\r" + new string(' ', _width) + "\r");
            _terminal.Flush();
        }
    }
}
