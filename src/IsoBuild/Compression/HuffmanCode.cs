namespace IsoBuild.Compression;

/// <summary>
/// Length-limited canonical Huffman codes for DEFLATE (RFC 1951 section 3.2.2): code lengths from symbol frequencies,
/// then the codes those lengths define, bit-reversed because DEFLATE sends Huffman codes most significant bit first
/// into an otherwise least-significant-bit-first stream.
/// </summary>
/// <remarks>
/// Every code made here is complete (its Kraft sum is exactly one) and has at least two symbols: zlib's inflate
/// rejects an incomplete code-length code, and accepts an incomplete literal or distance code only in the one-symbol
/// case. Ties between equal frequencies are broken by symbol number, so the lengths are a function of the frequencies
/// alone.
/// </remarks>
internal static class HuffmanCode
{
    /// <summary>
    /// Fills <paramref name="lengths"/> with code lengths of at most <paramref name="maxBits"/> for the symbols whose
    /// <paramref name="frequencies"/> are not zero (zero for the others).
    /// </summary>
    public static void BuildLengths(ReadOnlySpan<int> frequencies, Span<byte> lengths, int maxBits)
    {
        int n = frequencies.Length;
        lengths[..n].Clear();
        Span<int> symbols = n <= 512 ? stackalloc int[n] : new int[n];
        int used = 0;
        for (int s = 0; s < n; s++)
        {
            if (frequencies[s] != 0)
                symbols[used++] = s;
        }
        // A code needs two symbols: add the lowest unused ones with a weight of zero (they sort first, so they get the
        // longest codes; an encoder never sends them).
        for (int s = 0; used < 2 && s < n; s++)
        {
            if (frequencies[s] == 0 && symbols[..used].IndexOf(s) < 0)
                symbols[used++] = s;
        }
        symbols = symbols[..used];
        Span<long> keys = used <= 512 ? stackalloc long[used] : new long[used];
        for (int i = 0; i < used; i++)
            keys[i] = ((long)frequencies[symbols[i]] << 16) | (uint)symbols[i];
        keys.Sort(symbols);

        // Huffman's algorithm with two queues (the leaves sorted, the internal nodes made in non-decreasing weight).
        Span<long> weight = stackalloc long[2 * used];
        Span<int> parent = stackalloc int[2 * used];
        for (int i = 0; i < used; i++)
            weight[i] = frequencies[symbols[i]];
        int leaf = 0;
        int inner = used;
        int made = used;
        for (int k = 0; k < used - 1; k++)
        {
            int a = TakeLighter(weight, ref leaf, used, ref inner, made);
            int b = TakeLighter(weight, ref leaf, used, ref inner, made);
            weight[made] = weight[a] + weight[b];
            parent[a] = made;
            parent[b] = made;
            made++;
        }
        // Depths: the root is the last node made; a node's parent is always made after it.
        Span<int> depth = stackalloc int[2 * used];
        depth[made - 1] = 0;
        for (int i = made - 2; i >= 0; i--)
            depth[i] = depth[parent[i]] + 1;

        Span<int> countPerLength = stackalloc int[Math.Max(maxBits, 32) + 1];
        for (int i = 0; i < used; i++)
            countPerLength[Math.Min(depth[i], countPerLength.Length - 1)]++;
        LimitLengths(countPerLength, maxBits);

        // Longest codes to the least frequent symbols (the sorted order), shortest to the most frequent.
        int next = 0;
        for (int length = maxBits; length >= 1; length--)
        {
            for (int c = countPerLength[length]; c > 0; c--)
                lengths[symbols[next++]] = (byte)length;
        }
    }

    private static int TakeLighter(Span<long> weight, ref int leaf, int leaves, ref int inner, int made)
    {
        if (leaf < leaves && (inner >= made || weight[leaf] <= weight[inner]))
            return leaf++;
        return inner++;
    }

    /// <summary>
    /// Moves codes longer than <paramref name="maxBits"/> to <paramref name="maxBits"/>, then lengthens shorter codes
    /// until the Kraft sum is one again (the method of miniz and of zlib's gen_bitlen, on counts per length).
    /// </summary>
    private static void LimitLengths(Span<int> countPerLength, int maxBits)
    {
        for (int length = maxBits + 1; length < countPerLength.Length; length++)
        {
            countPerLength[maxBits] += countPerLength[length];
            countPerLength[length] = 0;
        }
        long total = 0;
        for (int length = maxBits; length >= 1; length--)
            total += (long)countPerLength[length] << (maxBits - length);
        while (total > 1L << maxBits)
        {
            countPerLength[maxBits]--;
            for (int length = maxBits - 1; length >= 1; length--)
            {
                if (countPerLength[length] != 0)
                {
                    countPerLength[length]--;
                    countPerLength[length + 1] += 2;
                    break;
                }
            }
            total--;
        }
    }

    /// <summary>The canonical codes of <paramref name="lengths"/> (RFC 1951 3.2.2), bit-reversed for sending.</summary>
    public static void BuildCodes(ReadOnlySpan<byte> lengths, Span<ushort> codes)
    {
        Span<int> countPerLength = stackalloc int[16];
        foreach (byte l in lengths)
            countPerLength[l]++;
        countPerLength[0] = 0;
        Span<int> nextCode = stackalloc int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++)
        {
            code = (code + countPerLength[bits - 1]) << 1;
            nextCode[bits] = code;
        }
        for (int s = 0; s < lengths.Length; s++)
        {
            int l = lengths[s];
            codes[s] = l == 0 ? (ushort)0 : Reverse(nextCode[l]++, l);
        }
    }

    private static ushort Reverse(int code, int bits)
    {
        int r = 0;
        for (int i = 0; i < bits; i++)
        {
            r = (r << 1) | (code & 1);
            code >>= 1;
        }
        return (ushort)r;
    }
}
