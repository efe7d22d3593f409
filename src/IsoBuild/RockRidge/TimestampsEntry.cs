using IsoBuild.Iso9660;

namespace IsoBuild.RockRidge;

/// <summary>
/// RRIP 4.1.6 "TF": file times, each recorded only when its flag is set, in the order of the flags; 7-byte directory
/// record dates, or 17-byte volume dates with the long form flag.
/// </summary>
internal sealed record TimestampsEntry
{
    public const byte FlagCreation = 0x01;
    public const byte FlagModify = 0x02;
    public const byte FlagAccess = 0x04;
    public const byte FlagAttributes = 0x08;
    public const byte FlagBackup = 0x10;
    public const byte FlagExpiration = 0x20;
    public const byte FlagEffective = 0x40;
    public const byte FlagLongForm = 0x80;
    private const int KindCount = 7;

    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public DateTimeOffset? Accessed { get; init; }
    public DateTimeOffset? AttributesChanged { get; init; }
    public DateTimeOffset? Backup { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset? Effective { get; init; }

    /// <summary>True for 17-byte dates (hundredths of a second, any year 1–9999); false for 7-byte dates.</summary>
    public bool LongForm { get; init; }

    /// <summary>The flags byte: one bit per time recorded, and the long form bit.</summary>
    public byte Flags
    {
        get
        {
            byte flags = LongForm ? FlagLongForm : (byte)0;
            for (int kind = 0; kind < KindCount; kind++)
            {
                if (Time(kind) is not null)
                    flags |= (byte)(1 << kind);
            }
            return flags;
        }
    }

    public int Length => SuspEntry.HeaderLength + 1 + System.Numerics.BitOperations.PopCount((uint)(Flags & ~FlagLongForm)) * DateLength(LongForm);

    /// <summary>The modification, access and attribute change times IsoBuild records: all one time.</summary>
    public static TimestampsEntry Uniform(DateTimeOffset time) => new() { Modified = time, Accessed = time, AttributesChanged = time };

    public byte[] Write()
    {
        byte[] e = SuspEntry.Entry(SuspSignature.Timestamps, Length - SuspEntry.HeaderLength, out Span<byte> d);
        d[0] = Flags;
        int p = 1;
        for (int kind = 0; kind < KindCount; kind++)
        {
            if (Time(kind) is not { } time)
                continue;
            if (LongForm)
                IsoDate.WriteVolumeDate(d[p..], time);
            else
                IsoDate.WriteRecordDate(d[p..], time);
            p += DateLength(LongForm);
        }
        return e;
    }

    /// <summary>
    /// Reads a TF entry (header included). A date that is no date reads as null; where the entry ends before a flagged
    /// date, that date and the ones after it read as null. False when the entry has no flags byte.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, out TimestampsEntry tf)
    {
        tf = new TimestampsEntry();
        ReadOnlySpan<byte> d = SuspEntry.Data(entry);
        if (d.Length < 1)
            return false;
        byte flags = d[0];
        bool longForm = (flags & FlagLongForm) != 0;
        int size = DateLength(longForm);
        var times = new DateTimeOffset?[KindCount];
        int p = 1;
        for (int kind = 0; kind < KindCount; kind++)
        {
            if ((flags & (1 << kind)) == 0)
                continue;
            if (p + size > d.Length)
                break;
            times[kind] = longForm ? IsoDate.ReadVolumeDate(d[p..]) : IsoDate.ReadRecordDate(d[p..]);
            p += size;
        }
        tf = new TimestampsEntry
        {
            Created = times[0],
            Modified = times[1],
            Accessed = times[2],
            AttributesChanged = times[3],
            Backup = times[4],
            Expires = times[5],
            Effective = times[6],
            LongForm = longForm,
        };
        return true;
    }

    private static int DateLength(bool longForm) => longForm ? IsoDate.VolumeDateLength : IsoDate.RecordDateLength;

    private DateTimeOffset? Time(int kind) => kind switch
    {
        0 => Created,
        1 => Modified,
        2 => Accessed,
        3 => AttributesChanged,
        4 => Backup,
        5 => Expires,
        _ => Effective,
    };
}
