using System.Diagnostics.CodeAnalysis;

namespace IsoBuild;

/// <summary>
/// A problem with the user's input or environment that IsoBuild reports with a stable code (<c>ISO####</c>).
/// The message says what is wrong and what to do about it; both front doors show the code and the message.
/// </summary>
public sealed class IsoBuildException : Exception
{
    /// <summary>Creates an exception with a code from <see cref="ErrorCodes"/>.</summary>
    public IsoBuildException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The stable error code, for example <c>ISO0001</c>. Documented in docs/errors.md.</summary>
    public string Code { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";

    [DoesNotReturn]
    internal static void Throw(string code, string message, Exception? inner = null) =>
        throw new IsoBuildException(code, message, inner);
}
