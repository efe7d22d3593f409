using IsoBuild.Checksums;
using IsoBuild.Tests.Compression;
using IsoBuild.Tests.Zisofs;
using IsoBuild.Zisofs;

namespace IsoBuild.Tests.Checksums;

/// <summary>
/// Damaged or hostile checksum records and zisofs data: the parsers return "not a record" or a coded error, never
/// another exception, and the zisofs stream reads no more than a block at a time.
/// </summary>
public sealed class HostileRecordTests
{
    private static IEnumerable<byte[]> Mutations(byte[] sound, int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] copy = (byte[])sound.Clone();
            int changes = 1 + random.Next(8);
            for (int c = 0; c < changes; c++)
            {
                int at = random.Next(Math.Min(copy.Length, random.Next(2) == 0 ? 64 : copy.Length));
                copy[at] = random.Next(3) switch { 0 => 0, 1 => 0xFF, _ => (byte)random.Next(256) };
            }
            yield return copy;
        }
    }

    [Fact]
    public void Mutated_zisofs_data_reads_or_fails_with_a_code()
    {
        byte[] content = CompressionCorpus.Text(200_000, 3);
        byte[] sound = ZisofsCompressor.Compress(content);
        int failures = 0;
        foreach (byte[] data in Mutations(sound, 400, 1))
        {
            try
            {
                using var s = new ZisofsReadStream(new MemoryStream(data), null, "f");
                Assert.True(s.Length <= uint.MaxValue);
                ZisofsCompressorTests.ReadAll(s);
            }
            catch (IsoBuildException e)
            {
                Assert.Contains(e.Code, new[] { ErrorCodes.ZisofsDamaged, ErrorCodes.ZisofsUnsupported });
                failures++;
            }
        }
        Assert.True(failures > 100, $"{failures} of 400 mutations were noticed");
    }

    [Fact]
    public void A_zisofs_header_that_promises_huge_content_costs_nothing()
    {
        // zisofs2 allows 64-bit sizes: 2^60 bytes in 1 MiB blocks would need 2^40 pointers, which the data does not hold.
        var header = new ZisofsHeader { Format = 2, UncompressedLength = 1UL << 60, BlockShift = 20, HeaderLength = 24, Algorithm = 1 };
        byte[] data = new byte[4096];
        header.Write(data);
        Assert.Equal(ErrorCodes.ZisofsDamaged, Assert.Throws<IsoBuildException>(() => new ZisofsReadStream(new MemoryStream(data), null, "f")).Code);
    }

    [Fact]
    public void Mutated_records_parse_or_are_refused_without_throwing()
    {
        byte[] tag = new ChecksumTag(ChecksumTagKind.Tree, 25, 0, 25, 138, new byte[16]).ToBlock();
        foreach (byte[] b in Mutations(tag, 300, 2))
            ChecksumTag.Parse(b, out _);
        byte[] record = new IsoMd5SumRecord(new string('a', 32), 15, 0, new string('b', 60), 20).ToApplicationUse();
        foreach (byte[] b in Mutations(record, 300, 3))
            IsoMd5SumRecord.Parse(b);
        byte[] attributes = [.. AaipAttributeList.Entries([("isofs.ca", new Md5ChecksumLayout(19, 25, 137, 4).ArrayAttribute.ToValue()), ("user.x", new byte[300])])
            .SelectMany(e => e[AaipAttributeList.HeaderLength..])];
        foreach (byte[] b in Mutations(attributes, 300, 4))
        {
            foreach ((string name, byte[] value) in AaipAttributeList.Parse(b))
            {
                if (name == ChecksumArrayAttribute.Name)
                    ChecksumArrayAttribute.Parse(value);
            }
        }
        foreach (byte[] b in Mutations(ZisofsEntry.ForZisofs(1000, 15).ToArray(), 300, 5))
            ZisofsEntry.Read(b);
    }
}
