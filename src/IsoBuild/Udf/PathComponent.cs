namespace IsoBuild.Udf;

/// <summary>
/// ECMA-167 4/14.16.1: one component of a symbolic link's target, as a symlink's data holds them: type 2 is the
/// root ("/"), 3 the parent (".."), 4 the directory itself ("."), 5 a name.
/// </summary>
internal readonly record struct PathComponent(byte Type, byte[] Identifier)
{
    public const int FixedSize = 4;
    public const byte RootType = 2;
    public const byte ParentType = 3;
    public const byte SelfType = 4;
    public const byte NameType = 5;

    /// <summary>Type 1 means "a root agreed between originator and receiver"; readers treat it as "/".</summary>
    public const byte AgreedRootType = 1;

    public int Size => FixedSize + Identifier.Length;

    public int Write(Span<byte> destination)
    {
        destination[0] = Type;
        destination[1] = checked((byte)Identifier.Length);
        destination[2] = 0;
        destination[3] = 0;
        Identifier.CopyTo(destination[FixedSize..]);
        return Size;
    }

    public static PathComponent? Read(ReadOnlySpan<byte> source, out int size)
    {
        size = 0;
        if (source.Length < FixedSize)
            return null;
        int length = source[1];
        if (FixedSize + length > source.Length)
            return null;
        size = FixedSize + length;
        return new PathComponent(source[0], source.Slice(FixedSize, length).ToArray());
    }

    /// <summary>The components of a POSIX link target; null when a name cannot be recorded (longer than 255 bytes).</summary>
    public static byte[]? Encode(string target)
    {
        var parts = new List<PathComponent>();
        if (target.StartsWith('/'))
            parts.Add(new PathComponent(RootType, []));
        foreach (string name in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (name == ".")
                parts.Add(new PathComponent(SelfType, []));
            else if (name == "..")
                parts.Add(new PathComponent(ParentType, []));
            else
            {
                byte[] id = OstaCompressedUnicode.Encode(name);
                if (id.Length > 255)
                    return null;
                parts.Add(new PathComponent(NameType, id));
            }
        }
        var bytes = new byte[parts.Sum(p => p.Size)];
        int offset = 0;
        foreach (PathComponent p in parts)
            offset += p.Write(bytes.AsSpan(offset));
        return bytes;
    }

    /// <summary>The POSIX form of a symlink's data; null when a component is damaged.</summary>
    public static string? Decode(ReadOnlySpan<byte> data)
    {
        var text = new System.Text.StringBuilder();
        while (!data.IsEmpty)
        {
            PathComponent? c = Read(data, out int size);
            if (c is null)
                return null;
            data = data[size..];
            switch (c.Value.Type)
            {
                case AgreedRootType or RootType:
                    text.Clear().Append('/');
                    continue;
                case ParentType:
                    text.Append("..");
                    break;
                case SelfType:
                    text.Append('.');
                    break;
                case NameType:
                    string? name = OstaCompressedUnicode.Decode(c.Value.Identifier);
                    if (name is null)
                        return null;
                    text.Append(name);
                    break;
                default:
                    return null;
            }
            if (!data.IsEmpty)
                text.Append('/');
        }
        return text.ToString();
    }

    public bool Equals(PathComponent other) => Type == other.Type && Identifier.AsSpan().SequenceEqual(other.Identifier);

    public override int GetHashCode() => HashCode.Combine(Type, Identifier.Length);
}
