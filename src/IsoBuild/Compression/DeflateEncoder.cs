using System.Numerics;
using System.Runtime.CompilerServices;

namespace IsoBuild.Compression;

/// <summary>
/// A DEFLATE compressor (RFC 1951) whose output is fixed by this code alone: the same input gives the same bytes on
/// every runtime, operating system and processor, unlike the platform zlib (or zlib-ng) behind .NET's ZLibStream.
/// </summary>
/// <remarks>
/// <para>
/// The match finder follows zlib's level 6: hash chains over a 32 KiB window searched at most 128 links deep (a
/// quarter when the previous match is already 8 bytes), lazy evaluation of the next position while a match is shorter
/// than 16 bytes, a search that stops at 128 bytes, and three-byte matches farther than 4 KiB given up for literals.
/// Each block holds at most 16,383 symbols (zlib's buffer at memLevel 8) and is sent as whichever of the three block
/// types (stored, fixed or dynamic Huffman) is shortest.
/// </para>
/// <para>
/// An instance keeps its tables between calls and is not thread-safe; <see cref="ForCurrentThread"/> gives each
/// thread its own. Nothing depends on the instance's history: every call starts afresh.
/// </para>
/// </remarks>
internal sealed class DeflateEncoder
{
    public const int WindowSize = 32 * 1024;
    public const int MinMatch = 3;
    public const int MaxMatch = 258;

    private const int HashBits = 15;
    private const int HashSize = 1 << HashBits;
    private const int WindowMask = WindowSize - 1;
    private const int MaxChain = 128;
    private const int GoodLength = 8;
    private const int NiceLength = 128;
    private const int MaxLazy = 16;
    private const int TooFar = 4096;
    private const int MaxBlockSymbols = 16383;

    private const int EndOfBlock = 256;
    private const int LiteralLengthSymbols = 286;
    private const int FixedLiteralLengthSymbols = 288;
    private const int DistanceSymbols = 30;
    private const int CodeLengthSymbols = 19;
    private const int MaxCodeBits = 15;
    private const int MaxCodeLengthBits = 7;
    private const uint MatchFlag = 1u << 31;

    private static readonly byte[] LengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly ushort[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly byte[] DistanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly ushort[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];

    /// <summary>RFC 1951 3.2.7: the order in which the code-length code's lengths are sent.</summary>
    private static readonly byte[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    /// <summary>Length code index (0–28) of each match length minus 3.</summary>
    private static readonly byte[] LengthCode = BuildCodeTable(LengthBase, LengthExtraBits, MaxMatch - MinMatch + 1, MinMatch);

    /// <summary>Distance code (0–29) of each distance minus 1.</summary>
    private static readonly byte[] DistanceCode = BuildCodeTable(DistanceBase, DistanceExtraBits, WindowSize, 1);

    private static readonly byte[] FixedLiteralLengths = BuildFixedLiteralLengths();
    private static readonly ushort[] FixedLiteralCodes = BuildCodes(FixedLiteralLengths);
    private static readonly byte[] FixedDistanceLengths = Enumerable.Repeat((byte)5, DistanceSymbols).ToArray();
    private static readonly ushort[] FixedDistanceCodes = BuildCodes(FixedDistanceLengths);

    [ThreadStatic]
    private static DeflateEncoder? t_encoder;

    private readonly int[] _head = new int[HashSize];
    private readonly int[] _prev = new int[WindowSize];
    private readonly uint[] _symbols = new uint[MaxBlockSymbols];
    private readonly int[] _literalFrequencies = new int[LiteralLengthSymbols];
    private readonly int[] _distanceFrequencies = new int[DistanceSymbols];
    private readonly int[] _codeLengthFrequencies = new int[CodeLengthSymbols];
    private readonly byte[] _literalLengths = new byte[LiteralLengthSymbols];
    private readonly byte[] _distanceLengths = new byte[DistanceSymbols];
    private readonly byte[] _codeLengthLengths = new byte[CodeLengthSymbols];
    private readonly ushort[] _literalCodes = new ushort[LiteralLengthSymbols];
    private readonly ushort[] _distanceCodes = new ushort[DistanceSymbols];
    private readonly ushort[] _codeLengthCodes = new ushort[CodeLengthSymbols];
    private readonly byte[] _runSymbols = new byte[LiteralLengthSymbols + DistanceSymbols];
    private readonly byte[] _runExtras = new byte[LiteralLengthSymbols + DistanceSymbols];
    private int _symbolCount;

    /// <summary>This thread's encoder.</summary>
    public static DeflateEncoder ForCurrentThread => t_encoder ??= new DeflateEncoder();

    /// <summary>The most bytes <see cref="Encode"/> writes for <paramref name="inputLength"/> input bytes.</summary>
    /// <remarks>
    /// A block is never sent larger than stored, and stored costs at most 42 bits (header, padding, LEN and NLEN) per
    /// piece of up to 65,535 bytes; blocks hold at least 16,383 input bytes except the last.
    /// </remarks>
    public static int MaxEncodedLength(int inputLength) =>
        checked(inputLength + 6 * (2 * (inputLength / MaxBlockSymbols) + inputLength / ushort.MaxValue + 4) + 8);

    /// <summary>Compresses <paramref name="input"/> into a raw DEFLATE stream (final block included); returns its length.</summary>
    /// <param name="input">The data.</param>
    /// <param name="output">At least <see cref="MaxEncodedLength"/> bytes.</param>
    public unsafe int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < MaxEncodedLength(input.Length))
            throw new ArgumentException($"The output needs {MaxEncodedLength(input.Length)} bytes.", nameof(output));
        var writer = new DeflateBitWriter(output, 0);
        Array.Fill(_head, -1);
        Array.Clear(_literalFrequencies);
        Array.Clear(_distanceFrequencies);
        _symbolCount = 0;
        int blockStart = 0;
        int covered = 0;
        bool havePending = false; // a literal or match found at position - 1 waits for the lazy look at position
        int pendingLength = 0;
        int pendingDistance = 0;
        int position = 0;
        int n = input.Length;
        fixed (byte* data = input)
        fixed (int* head = _head)
        fixed (int* prev = _prev)
        {
            var finder = new MatchFinder(data, n, head, prev);
            while (position < n)
            {
                int length = 0;
                int distance = 0;
                if (n - position >= MinMatch)
                {
                    int candidate = finder.Insert(position);
                    if (candidate >= 0 && position - candidate <= WindowSize && (!havePending || pendingLength < MaxLazy))
                    {
                        int chain = havePending && pendingLength >= GoodLength ? MaxChain >> 2 : MaxChain;
                        int best = havePending ? Math.Max(pendingLength, MinMatch - 1) : MinMatch - 1;
                        length = finder.LongestMatch(position, candidate, best, chain, out distance);
                        if (length == MinMatch && distance > TooFar)
                            length = 0;
                    }
                }
                if (havePending && pendingLength >= MinMatch && length <= pendingLength)
                {
                    int start = position - 1;
                    AddMatch(pendingLength, pendingDistance);
                    int end = start + pendingLength;
                    int lastInsert = Math.Min(end, n - MinMatch + 1);
                    for (int p = position + 1; p < lastInsert; p++)
                        finder.Insert(p);
                    position = end;
                    covered = end;
                    havePending = false;
                    pendingLength = 0;
                }
                else
                {
                    if (havePending)
                    {
                        AddLiteral(data[position - 1]);
                        covered = position;
                    }
                    havePending = true;
                    pendingLength = length;
                    pendingDistance = distance;
                    position++;
                }
                if (_symbolCount == MaxBlockSymbols)
                {
                    WriteBlock(ref writer, input[blockStart..covered], final: false);
                    blockStart = covered;
                }
            }
        }
        if (havePending)
        {
            AddLiteral(input[n - 1]);
            covered = n;
        }
        WriteBlock(ref writer, input[blockStart..covered], final: true);
        writer.AlignToByte();
        return writer.Position;
    }

    /// <summary>Hash chains over the input, which is pinned for the duration of one <see cref="Encode"/>.</summary>
    private readonly unsafe struct MatchFinder(byte* data, int length, int* head, int* prev)
    {
        /// <summary>Records <paramref name="position"/> (which has 3 bytes after it) in its chain; returns the chain's previous head or -1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Insert(int position)
        {
            uint key = data[position] | ((uint)data[position + 1] << 8) | ((uint)data[position + 2] << 16);
            uint h = (key * 0x9E3779B1u) >> (32 - HashBits);
            int previous = head[h];
            prev[position & WindowMask] = previous;
            head[h] = position;
            return previous;
        }

        /// <summary>
        /// The longest match for <paramref name="position"/> longer than <paramref name="best"/> along the chain from
        /// <paramref name="candidate"/>, the nearest among equals; 0 when there is none.
        /// </summary>
        public int LongestMatch(int position, int candidate, int best, int chain, out int distance)
        {
            distance = 0;
            int maxLength = Math.Min(MaxMatch, length - position);
            if (best >= maxLength)
                return 0;
            int nice = Math.Min(NiceLength, maxLength);
            int limit = Math.Max(0, position - WindowSize); // the end of a chain is -1
            int bestLength = best;
            byte* here = data + position;
            ushort start = Unsafe.ReadUnaligned<ushort>(here);
            ushort end = Unsafe.ReadUnaligned<ushort>(here + bestLength - 1);
            while (candidate >= limit && chain-- > 0)
            {
                byte* there = data + candidate;
                // Cheap necessary conditions first (as zlib's scan_end and scan_start): a longer match must agree at
                // the two bytes where the best so far ends and at its first two. They only skip hopeless candidates.
                if (Unsafe.ReadUnaligned<ushort>(there + bestLength - 1) == end && Unsafe.ReadUnaligned<ushort>(there) == start)
                {
                    int matched = CommonPrefixLength(there, here, maxLength);
                    if (matched > bestLength)
                    {
                        bestLength = matched;
                        distance = position - candidate;
                        if (matched >= nice)
                            break;
                        end = Unsafe.ReadUnaligned<ushort>(here + bestLength - 1);
                    }
                }
                int next = prev[candidate & WindowMask];
                if (next >= candidate)
                    break; // a slot reused by a newer position: the chain ends here
                candidate = next;
            }
            return distance == 0 ? 0 : bestLength;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int CommonPrefixLength(byte* a, byte* b, int max)
        {
            int i = 0;
            while (i + 8 <= max)
            {
                ulong x = Unsafe.ReadUnaligned<ulong>(a + i) ^ Unsafe.ReadUnaligned<ulong>(b + i);
                if (x != 0)
                    return i + (BitConverter.IsLittleEndian ? BitOperations.TrailingZeroCount(x) : BitOperations.LeadingZeroCount(x)) / 8;
                i += 8;
            }
            while (i < max && a[i] == b[i])
                i++;
            return i;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddLiteral(byte value)
    {
        _symbols[_symbolCount++] = value;
        _literalFrequencies[value]++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddMatch(int length, int distance)
    {
        _symbols[_symbolCount++] = MatchFlag | ((uint)(length - MinMatch) << 16) | (uint)distance;
        _literalFrequencies[257 + LengthCode[length - MinMatch]]++;
        _distanceFrequencies[DistanceCode[distance - 1]]++;
    }

    private void WriteBlock(ref DeflateBitWriter writer, ReadOnlySpan<byte> raw, bool final)
    {
        _literalFrequencies[EndOfBlock] = 1;
        HuffmanCode.BuildLengths(_literalFrequencies, _literalLengths, MaxCodeBits);
        HuffmanCode.BuildLengths(_distanceFrequencies, _distanceLengths, MaxCodeBits);
        int literalCount = LastNonZero(_literalLengths) + 1;
        int distanceCount = Math.Max(1, LastNonZero(_distanceLengths) + 1);
        int runs = RunLengthEncode(literalCount, distanceCount);
        HuffmanCode.BuildLengths(_codeLengthFrequencies, _codeLengthLengths, MaxCodeLengthBits);
        int codeLengthCount = 4;
        for (int i = CodeLengthSymbols - 1; i >= 4; i--)
        {
            if (_codeLengthLengths[CodeLengthOrder[i]] != 0)
            {
                codeLengthCount = i + 1;
                break;
            }
        }

        long dynamicBits = 3 + 5 + 5 + 4 + 3L * codeLengthCount + SymbolBits(_literalLengths, _distanceLengths);
        for (int i = 0; i < runs; i++)
            dynamicBits += _codeLengthLengths[_runSymbols[i]] + RunExtraBits(_runSymbols[i]);
        long fixedBits = 3 + SymbolBits(FixedLiteralLengths, FixedDistanceLengths);
        long storedBits = StoredBits(writer.BitPosition, raw.Length);

        if (storedBits <= fixedBits && storedBits <= dynamicBits)
        {
            WriteStored(ref writer, raw, final);
        }
        else if (fixedBits <= dynamicBits)
        {
            writer.WriteBits(final ? 1u : 0u, 1);
            writer.WriteBits(1, 2);
            WriteSymbols(ref writer, FixedLiteralLengths, FixedLiteralCodes, FixedDistanceLengths, FixedDistanceCodes);
        }
        else
        {
            HuffmanCode.BuildCodes(_literalLengths, _literalCodes);
            HuffmanCode.BuildCodes(_distanceLengths, _distanceCodes);
            HuffmanCode.BuildCodes(_codeLengthLengths, _codeLengthCodes);
            writer.WriteBits(final ? 1u : 0u, 1);
            writer.WriteBits(2, 2);
            writer.WriteBits((uint)(literalCount - 257), 5);
            writer.WriteBits((uint)(distanceCount - 1), 5);
            writer.WriteBits((uint)(codeLengthCount - 4), 4);
            for (int i = 0; i < codeLengthCount; i++)
                writer.WriteBits(_codeLengthLengths[CodeLengthOrder[i]], 3);
            for (int i = 0; i < runs; i++)
            {
                byte s = _runSymbols[i];
                writer.WriteBits(_codeLengthCodes[s], _codeLengthLengths[s]);
                if (s >= 16)
                    writer.WriteBits(_runExtras[i], RunExtraBits(s));
            }
            WriteSymbols(ref writer, _literalLengths, _literalCodes, _distanceLengths, _distanceCodes);
        }

        _symbolCount = 0;
        Array.Clear(_literalFrequencies);
        Array.Clear(_distanceFrequencies);
    }

    private static int LastNonZero(ReadOnlySpan<byte> lengths)
    {
        for (int i = lengths.Length - 1; i >= 0; i--)
        {
            if (lengths[i] != 0)
                return i;
        }
        return -1;
    }

    private static int RunExtraBits(byte symbol) => symbol switch { 16 => 2, 17 => 3, 18 => 7, _ => 0 };

    /// <summary>
    /// RFC 1951 3.2.7: the literal/length and distance code lengths as one sequence, runs shortened with symbols 16
    /// (repeat the previous length 3–6 times), 17 (3–10 zeros) and 18 (11–138 zeros); counts the symbols' frequencies.
    /// </summary>
    private int RunLengthEncode(int literalCount, int distanceCount)
    {
        int total = literalCount + distanceCount;
        Span<byte> sequence = stackalloc byte[LiteralLengthSymbols + DistanceSymbols];
        _literalLengths.AsSpan(0, literalCount).CopyTo(sequence);
        _distanceLengths.AsSpan(0, distanceCount).CopyTo(sequence[literalCount..]);
        Array.Clear(_codeLengthFrequencies);
        int runs = 0;
        int i = 0;
        while (i < total)
        {
            byte value = sequence[i];
            int run = 1;
            while (i + run < total && sequence[i + run] == value)
                run++;
            i += run;
            if (value == 0)
            {
                while (run >= 11)
                {
                    int r = Math.Min(run, 138);
                    AddRun(ref runs, 18, r - 11);
                    run -= r;
                }
                if (run >= 3)
                {
                    AddRun(ref runs, 17, run - 3);
                    run = 0;
                }
            }
            else
            {
                AddRun(ref runs, value, 0);
                run--;
                while (run >= 3)
                {
                    int r = Math.Min(run, 6);
                    AddRun(ref runs, 16, r - 3);
                    run -= r;
                }
            }
            for (; run > 0; run--)
                AddRun(ref runs, value, 0);
        }
        return runs;
    }

    private void AddRun(ref int runs, byte symbol, int extra)
    {
        _runSymbols[runs] = symbol;
        _runExtras[runs] = (byte)extra;
        _codeLengthFrequencies[symbol]++;
        runs++;
    }

    private long SymbolBits(ReadOnlySpan<byte> literalLengths, ReadOnlySpan<byte> distanceLengths)
    {
        long bits = literalLengths[EndOfBlock];
        for (int s = 0; s < EndOfBlock; s++)
            bits += (long)_literalFrequencies[s] * literalLengths[s];
        for (int c = 0; c < LengthBase.Length; c++)
            bits += (long)_literalFrequencies[257 + c] * (literalLengths[257 + c] + LengthExtraBits[c]);
        for (int c = 0; c < DistanceSymbols; c++)
            bits += (long)_distanceFrequencies[c] * (distanceLengths[c] + DistanceExtraBits[c]);
        return bits;
    }

    /// <summary>Bits of <paramref name="length"/> bytes sent as stored blocks of at most 65,535 bytes each, starting at bit <paramref name="bitPosition"/>.</summary>
    private static long StoredBits(long bitPosition, int length)
    {
        long bits = 0;
        int remaining = length;
        do
        {
            int piece = Math.Min(remaining, ushort.MaxValue);
            long afterHeader = bitPosition + bits + 3;
            bits += 3 + (8 - afterHeader % 8) % 8 + 32 + 8L * piece;
            remaining -= piece;
        }
        while (remaining > 0);
        return bits;
    }

    private static void WriteStored(ref DeflateBitWriter writer, ReadOnlySpan<byte> raw, bool final)
    {
        do
        {
            int piece = Math.Min(raw.Length, ushort.MaxValue);
            bool last = final && piece == raw.Length;
            writer.WriteBits(last ? 1u : 0u, 1);
            writer.WriteBits(0, 2);
            writer.AlignToByte();
            writer.WriteBits((uint)piece | ((uint)(ushort)~piece << 16), 32);
            writer.WriteBytes(raw[..piece]);
            raw = raw[piece..];
        }
        while (!raw.IsEmpty);
    }

    private void WriteSymbols(ref DeflateBitWriter writer, byte[] literalLengths, ushort[] literalCodes, byte[] distanceLengths, ushort[] distanceCodes)
    {
        for (int i = 0; i < _symbolCount; i++)
        {
            uint s = _symbols[i];
            if ((s & MatchFlag) == 0)
            {
                writer.WriteBits(literalCodes[s], literalLengths[s]);
                continue;
            }
            int length = (int)((s >> 16) & 0xFF);
            int distance = (int)(s & 0xFFFF);
            int lc = LengthCode[length];
            writer.WriteBits(literalCodes[257 + lc], literalLengths[257 + lc]);
            if (LengthExtraBits[lc] != 0)
                writer.WriteBits((uint)(length + MinMatch - LengthBase[lc]), LengthExtraBits[lc]);
            int dc = DistanceCode[distance - 1];
            writer.WriteBits(distanceCodes[dc], distanceLengths[dc]);
            if (DistanceExtraBits[dc] != 0)
                writer.WriteBits((uint)(distance - DistanceBase[dc]), DistanceExtraBits[dc]);
        }
        writer.WriteBits(literalCodes[EndOfBlock], literalLengths[EndOfBlock]);
    }

    private static byte[] BuildCodeTable(ushort[] bases, byte[] extraBits, int count, int offset)
    {
        var table = new byte[count];
        for (int code = 0; code < bases.Length; code++)
        {
            int from = bases[code] - offset;
            int to = Math.Min(count, from + (1 << extraBits[code]));
            for (int v = from; v < to; v++)
                table[v] = (byte)code;
        }
        // Length 258 has its own code (285), although code 284's range reaches it.
        if (count == MaxMatch - MinMatch + 1)
            table[MaxMatch - MinMatch] = (byte)(bases.Length - 1);
        return table;
    }

    /// <summary>
    /// RFC 1951 3.2.6: the fixed literal/length code. All 288 symbols take part in making the codes (the 9-bit codes
    /// follow all 152 8-bit ones), although a block may use only the first 286.
    /// </summary>
    private static byte[] BuildFixedLiteralLengths()
    {
        var lengths = new byte[FixedLiteralLengthSymbols];
        for (int s = 0; s < lengths.Length; s++)
            lengths[s] = s < 144 ? (byte)8 : s < 256 ? (byte)9 : s < 280 ? (byte)7 : (byte)8;
        return lengths;
    }

    private static ushort[] BuildCodes(byte[] lengths)
    {
        var codes = new ushort[lengths.Length];
        HuffmanCode.BuildCodes(lengths, codes);
        return codes;
    }
}
