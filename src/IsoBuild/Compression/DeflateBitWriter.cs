using System.Buffers.Binary;

namespace IsoBuild.Compression;

/// <summary>Writes DEFLATE's bit stream: fields least significant bit first, packed into bytes from their low bit (RFC 1951 3.1.1).</summary>
internal ref struct DeflateBitWriter
{
    private readonly Span<byte> _output;
    private ulong _bits;
    private int _count;

    public DeflateBitWriter(Span<byte> output, int position)
    {
        _output = output;
        Position = position;
    }

    /// <summary>Whole bytes written so far.</summary>
    public int Position { get; private set; }

    /// <summary>Bits written so far, the pending ones included.</summary>
    public readonly long BitPosition => (long)Position * 8 + _count;

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/> (at most 32).</summary>
    public void WriteBits(uint value, int count)
    {
        _bits |= (ulong)value << _count;
        _count += count;
        if (_count >= 32)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_output[Position..], (uint)_bits);
            Position += 4;
            _bits >>= 32;
            _count -= 32;
        }
    }

    /// <summary>Pads with zero bits to the next byte boundary (before a stored block's LEN, and at the end).</summary>
    public void AlignToByte()
    {
        while (_count > 0)
        {
            _output[Position++] = (byte)_bits;
            _bits >>= 8;
            _count = Math.Max(0, _count - 8);
        }
        _bits = 0;
    }

    /// <summary>Copies bytes as they are; the writer must be byte aligned.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output[Position..]);
        Position += bytes.Length;
    }
}
