using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Host.Tests;

/// <summary>Generated secrets appear whole or not at all, owner-readable only, and every concurrent starter gets the same one.</summary>
public sealed class SecretFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "urssaf-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_generated_secret_is_written_once_owner_only_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_directory, "nested", "a.key");
        var first = SecretFiles.ReadOrCreate(path, () => "first-value");
        var second = SecretFiles.ReadOrCreate(path, () => throw new InvalidOperationException("must not be generated twice"));

        Assert.Equal("first-value", first);
        Assert.Equal(first, second);
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_writer_killed_halfway_leaves_nothing_that_is_read_as_the_secret()
    {
        var path = Path.Combine(_directory, "b.key");
        Directory.CreateDirectory(_directory);
        File.WriteAllText($"{path}.{Guid.NewGuid():N}.tmp", "trunc"); // what a killed writer leaves behind
        Assert.Equal("whole-value", SecretFiles.ReadOrCreate(path, () => "whole-value"));
        Assert.Throws<IOException>(() => SecretFiles.ReadOrCreateBytes(path + "-failing", () => throw new IOException("disk full")));
        Assert.False(File.Exists(path + "-failing"));
    }

    [Fact]
    public async Task Concurrent_starters_all_get_the_first_written_value()
    {
        // 30 rounds: File.Move's check-then-rename let two starters both win now and then (one kept a key the file lost)
        for (var round = 0; round < 30; round++)
        {
            var path = Path.Combine(_directory, $"c{round}.key");
            using var start = new ManualResetEventSlim();
            var starters = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            {
                start.Wait();
                return SecretFiles.ReadOrCreate(path, () => $"value-{i}");
            })).ToList();
            start.Set();
            var values = await Task.WhenAll(starters);
            Assert.Single(values.Distinct());
            Assert.Equal(values[0], File.ReadAllText(path));
        }

        Assert.Equal(30, Directory.GetFiles(_directory).Length); // no temporary file left
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
