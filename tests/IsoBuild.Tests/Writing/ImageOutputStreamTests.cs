using IsoBuild.Testing;
using IsoBuild.Writing;

namespace IsoBuild.Tests.Writing;

public class ImageOutputStreamTests
{
    private const int Piece = ImageOutputStream.WriteSize;

    private static byte[] Data(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + i / 251))];

    [Fact]
    public void A_large_write_reaches_the_file_in_pieces_of_the_write_size_and_the_rest_waits_for_the_next()
    {
        using var t = new TempDirectory();
        string path = t.Combine("image.iso");
        byte[] data = Data(Piece * 5 / 2);
        using (var stream = new ImageOutputStream(path, FileMode.CreateNew))
        {
            stream.Write(data, 0, data.Length);
            Assert.Equal(2L * Piece, new FileInfo(path).Length);
            Assert.Equal(data.Length, stream.Position);
            stream.Flush();
            Assert.Equal(data.Length, new FileInfo(path).Length);
        }
        Assert.Equal(data, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Small_writes_are_gathered_and_async_writes_are_cut_the_same_way()
    {
        using var t = new TempDirectory();
        string path = t.Combine("image.iso");
        byte[] data = Data(Piece * 3 + 1000);
        await using (var stream = new ImageOutputStream(path, FileMode.CreateNew))
        {
            for (int i = 0; i < 10; i++)
                stream.Write(data.AsSpan(i * 100, 100));
            Assert.Equal(0, new FileInfo(path).Length);
            await stream.WriteAsync(data.AsMemory(1000));
            // The 1,000 bytes gathered fill up the first piece with the start of the large write; what is left of
            // the large write after whole pieces waits.
            Assert.Equal(3L * Piece, new FileInfo(path).Length);
            stream.Position = 0;
            byte[] back = new byte[data.Length];
            Assert.Equal(data.Length, await stream.ReadAtLeastAsync(back, back.Length));
            Assert.Equal(data, back);
        }
        Assert.Equal(data, File.ReadAllBytes(path));
    }
}
