using System.Text;

namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 1/7.2.1 (charspec): 64 bytes, a type and 63 bytes of information. UDF 2.1.2 allows only type 0 (CS0)
/// with "OSTA Compressed Unicode".
/// </summary>
internal static class CharacterSet
{
    public const int Length = 64;
    public const string OstaCompressedUnicode = "OSTA Compressed Unicode";

    public static void WriteOsta(Span<byte> destination)
    {
        destination[..Length].Clear();
        destination[0] = 0;
        Encoding.ASCII.GetBytes(OstaCompressedUnicode, destination[1..]);
    }

    public static bool IsOsta(ReadOnlySpan<byte> source)
    {
        Span<byte> expected = stackalloc byte[Length];
        WriteOsta(expected);
        return source[..Length].SequenceEqual(expected);
    }
}
