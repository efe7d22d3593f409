using System.Text;

namespace IsoBuild.Udf;

/// <summary>
/// OSTA CS0 (UDF 2.1.1): a compression id byte, 8 (one byte per character, U+0000–U+00FF) or 16 (UTF-16 big-endian
/// code units), then the characters. A d-string (ECMA-167 1/7.2.12) is a fixed field whose last byte is the number
/// of bytes used; d-characters (file identifiers, path components) carry their length elsewhere.
/// </summary>
internal static class OstaCompressedUnicode
{
    public const byte EightBit = 8;
    public const byte SixteenBit = 16;

    /// <summary>UDF 2.1.1 also allows ids 254 and 255 (8 and 16 bit for deleted names); they are read like 8 and 16.</summary>
    private const byte EightBitDeleted = 254;
    private const byte SixteenBitDeleted = 255;

    /// <summary>The bytes of <paramref name="text"/> as d-characters: 8-bit when every character fits, else 16-bit.</summary>
    public static byte[] Encode(string text)
    {
        bool narrow = true;
        foreach (char c in text)
        {
            if (c > 0xFF)
            {
                narrow = false;
                break;
            }
        }
        if (text.Length == 0)
            return [];
        if (narrow)
        {
            var bytes = new byte[1 + text.Length];
            bytes[0] = EightBit;
            for (int i = 0; i < text.Length; i++)
                bytes[1 + i] = (byte)text[i];
            return bytes;
        }
        var wide = new byte[1 + 2 * text.Length];
        wide[0] = SixteenBit;
        Encoding.BigEndianUnicode.GetBytes(text, wide.AsSpan(1));
        return wide;
    }

    /// <summary>The number of bytes <see cref="Encode"/> gives, without encoding.</summary>
    public static int EncodedLength(string text)
    {
        if (text.Length == 0)
            return 0;
        foreach (char c in text)
        {
            if (c > 0xFF)
                return 1 + 2 * text.Length;
        }
        return 1 + text.Length;
    }

    /// <summary>Decodes d-characters; null when the compression id is unknown or a 16-bit run has an odd length.</summary>
    public static string? Decode(ReadOnlySpan<byte> dchars)
    {
        if (dchars.IsEmpty)
            return string.Empty;
        ReadOnlySpan<byte> body = dchars[1..];
        switch (dchars[0])
        {
            case EightBit or EightBitDeleted:
                return string.Create(body.Length, body.ToArray(), static (chars, b) =>
                {
                    for (int i = 0; i < b.Length; i++)
                        chars[i] = (char)b[i];
                });
            case SixteenBit or SixteenBitDeleted:
                if ((body.Length & 1) != 0)
                    return null;
                return Encoding.BigEndianUnicode.GetString(body);
            default:
                return null;
        }
    }

    /// <summary>Writes a d-string into a fixed field of <paramref name="destination"/>.Length bytes; the text is cut to fit.</summary>
    public static void WriteDString(Span<byte> destination, string text)
    {
        destination.Clear();
        if (text.Length == 0)
            return;
        int room = destination.Length - 1;
        byte[] encoded = Encode(text);
        if (encoded.Length > room)
        {
            int unit = encoded[0] == EightBit ? 1 : 2;
            int keep = 1 + (room - 1) / unit * unit;
            if (unit == 2 && char.IsHighSurrogate((char)((encoded[keep - 2] << 8) | encoded[keep - 1])))
                keep -= 2;
            encoded = encoded[..keep];
        }
        encoded.CopyTo(destination);
        destination[^1] = (byte)encoded.Length;
    }

    /// <summary>Reads a d-string field; an impossible length gives null.</summary>
    public static string? ReadDString(ReadOnlySpan<byte> field)
    {
        int used = field[^1];
        if (used == 0)
            return string.Empty;
        if (used > field.Length - 1)
            return null;
        return Decode(field[..used]);
    }
}
