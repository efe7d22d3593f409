using System.Buffers.Binary;
using IsoBuild.ElTorito;

namespace IsoBuild.Tests.ElTorito;

public class BootImagePatchTests
{
    [Fact]
    public void Boot_info_table_checksum_covers_the_GRUB2_patch()
    {
        var random = new Random(5);
        byte[] image = new byte[5000];
        random.NextBytes(image);
        BootImagePatch.Apply(image, 16, 37, grub2BootInfo: true, bootInfoTable: true);
        Assert.Equal(37UL * 4 + 5, BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(2548)));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(8)));
        Assert.Equal(37u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(12)));
        Assert.Equal(5000u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(16)));
        uint sum = 0;
        byte[] padded = [.. image, 0, 0, 0, 0];
        for (int i = 64; i < image.Length; i += 4)
            sum += BinaryPrimitives.ReadUInt32LittleEndian(padded.AsSpan(i));
        Assert.Equal(sum, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(20)));
        Assert.All(image[24..64], b => Assert.Equal(0, b));
    }
}
