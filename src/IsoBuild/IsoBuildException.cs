using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace IsoBuild;

/// <summary>
/// A problem with the user's input or environment that IsoBuild reports with a stable code (<c>ISO####</c>).
/// The message says what is wrong and what to do about it.
/// </summary>
/// <remarks>
/// A message is made of text and of references to the settings it names (<see cref="Parts"/>): <see cref="Exception.Message"/>
/// words them as the library names them, and a front door words them in its own language with <see cref="Format"/>
/// (<c>--iso-level 3</c> on the command line, <c>IsoLevel="3"</c> in MSBuild).
/// </remarks>
public sealed class IsoBuildException : Exception
{
    /// <summary>Creates an exception with a code from <see cref="ErrorCodes"/> and a plain message.</summary>
    public IsoBuildException(string code, string message, Exception? innerException = null)
        : this(code, [message], innerException)
    {
    }

    /// <summary>Creates an exception whose message may name settings (interpolate <see cref="SettingReference"/>s).</summary>
    internal IsoBuildException(string code, ref IsoBuildMessage message, Exception? innerException = null)
        : this(code, message.ToParts(), innerException)
    {
    }

    private IsoBuildException(string code, IReadOnlyList<object> parts, Exception? innerException)
        : base(Render(parts, static r => r.ToString()), innerException)
    {
        Code = code;
        Parts = parts;
    }

    /// <summary>The stable error code, for example <c>ISO0001</c>. Documented in docs/errors.md.</summary>
    public string Code { get; }

    /// <summary>The message as text (<see cref="string"/>) and the settings it names (<see cref="SettingReference"/>), in order.</summary>
    public IReadOnlyList<object> Parts { get; }

    /// <summary>The settings the message names.</summary>
    public IEnumerable<SettingReference> Settings => Parts.OfType<SettingReference>();

    /// <summary>The message with each setting worded by <paramref name="word"/>.</summary>
    public string Format(Func<SettingReference, string> word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Render(Parts, word);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";

    private static string Render(IReadOnlyList<object> parts, Func<SettingReference, string> word)
    {
        var text = new StringBuilder();
        foreach (object part in parts)
            text.Append(part is SettingReference r ? word(r) : (string)part);
        return text.ToString();
    }

    [DoesNotReturn]
    internal static void Throw(string code, string message, Exception? inner = null) =>
        throw new IsoBuildException(code, message, inner);

    [DoesNotReturn]
    internal static void Throw(string code, ref IsoBuildMessage message, Exception? inner = null) =>
        throw new IsoBuildException(code, ref message, inner);
}

/// <summary>
/// Builds an <see cref="IsoBuildException"/> message from an interpolated string: holes that are
/// <see cref="SettingReference"/>s stay references, every other hole becomes text (culture-invariant), so a path
/// in a message can hold any character without being taken for a setting.
/// </summary>
[InterpolatedStringHandler]
internal ref struct IsoBuildMessage
{
    private readonly List<object> _parts;
    private StringBuilder _text;

    /// <summary>Called by the compiler.</summary>
    public IsoBuildMessage(int literalLength, int formattedCount)
    {
        _ = formattedCount;
        _parts = [];
        _text = new StringBuilder(literalLength + 32);
    }

    /// <summary>Called by the compiler.</summary>
    public readonly void AppendLiteral(string text) => _text.Append(text);

    /// <summary>Called by the compiler.</summary>
    public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    /// <summary>Called by the compiler.</summary>
    public void AppendFormatted<T>(T value, string? format)
    {
        if (value is SettingReference reference)
        {
            Flush();
            _parts.Add(reference);
            return;
        }
        _text.Append(value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : value?.ToString());
    }

    private void Flush()
    {
        if (_text.Length > 0)
            _parts.Add(_text.ToString());
        _text = new StringBuilder();
    }

    internal List<object> ToParts()
    {
        Flush();
        return _parts;
    }
}
