namespace IsoBuild.Reading;

/// <summary>One problem <see cref="IsoImageVerifier"/> found in an image.</summary>
/// <param name="Code">The error code (<c>ISO0203</c> …), documented in docs/errors.md.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
/// <param name="Location">Where, when it is one place: a path in the image, or the structure (<c>sector 16</c>, <c>the boot catalog</c>); null otherwise.</param>
public sealed record IsoProblem(string Code, string Message, string? Location = null)
{
    /// <summary>"CODE: message", as <c>dotnet iso verify</c> prints it.</summary>
    public override string ToString() => $"{Code}: {Message}";

    /// <summary>A problem from a coded exception.</summary>
    internal static IsoProblem From(IsoBuildException e, string? location = null, string? prefix = null) => new(e.Code, prefix + e.Message, location);

    /// <summary>A problem from a line that starts with its code ("ISO0207: …"), as tolerant readers list them.</summary>
    internal static IsoProblem FromCoded(string line)
    {
        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon == 7 && line.StartsWith("ISO", StringComparison.Ordinal) ? new IsoProblem(line[..colon], line[(colon + 2)..]) : new IsoProblem(ErrorCodes.VerifyFailed, line);
    }
}
