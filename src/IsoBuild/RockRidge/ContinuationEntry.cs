using IsoBuild.Iso9660;

namespace IsoBuild.RockRidge;

/// <summary>SUSP 5.1 "CE": where the rest of a record's system use entries continue, all three numbers both-endian.</summary>
/// <param name="Block">The sector of the continuation area.</param>
/// <param name="Offset">Its first byte within that sector.</param>
/// <param name="Length">Its length in bytes.</param>
internal readonly record struct ContinuationEntry(uint Block, uint Offset, uint Length)
{
    public const int Size = 28;
    private const int BlockOffset = 0;
    private const int OffsetOffset = 8;
    private const int LengthOffset = 16;

    public void Write(Span<byte> destination)
    {
        SuspEntry.WriteHeader(destination, SuspSignature.Continuation, Size);
        Span<byte> d = destination[SuspEntry.HeaderLength..Size];
        BothEndian.WriteUInt32(d[BlockOffset..], Block);
        BothEndian.WriteUInt32(d[OffsetOffset..], Offset);
        BothEndian.WriteUInt32(d[LengthOffset..], Length);
    }

    /// <summary>Reads a CE entry (header included), the little-endian halves; false when it is too short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out ContinuationEntry ce)
    {
        ce = default;
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < LengthOffset + 8)
            return false;
        ce = new ContinuationEntry(BothEndian.ReadUInt32(d[BlockOffset..], out _), BothEndian.ReadUInt32(d[OffsetOffset..], out _),
            BothEndian.ReadUInt32(d[LengthOffset..], out _));
        return true;
    }
}
