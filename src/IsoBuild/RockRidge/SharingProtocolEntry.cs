namespace IsoBuild.RockRidge;

/// <summary>
/// SUSP 5.3 "SP": says that the protocol is in use; the first entry of the root directory's own record. Its check
/// bytes BE EF tell it from chance, and <see cref="SkipLength"/> is how many bytes every other record's system use
/// field starts with before its first entry.
/// </summary>
internal readonly record struct SharingProtocolEntry(byte SkipLength)
{
    public const int Length = SuspEntry.HeaderLength + 3;
    public const byte Check1 = 0xBE;
    public const byte Check2 = 0xEF;

    public byte[] Write()
    {
        byte[] e = SuspEntry.Entry(SuspSignature.SharingProtocol, Length - SuspEntry.HeaderLength, out Span<byte> d);
        d[0] = Check1;
        d[1] = Check2;
        d[2] = SkipLength;
        return e;
    }

    /// <summary>Reads an SP entry (header included); false when it is too short or its check bytes are wrong.</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out SharingProtocolEntry sp)
    {
        sp = default;
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < 3 || d[0] != Check1 || d[1] != Check2)
            return false;
        sp = new SharingProtocolEntry(d[2]);
        return true;
    }
}
