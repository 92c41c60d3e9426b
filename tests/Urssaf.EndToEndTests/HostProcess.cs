using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The real host as a separate process on one data directory: as a server on loopback, or running a verb.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private HostProcess(Process process) => _process = process;

    public int Port { get; private init; }

    public bool HasExited => _process.HasExited;

    public string LastOutput(int lines) => string.Join("\n", _output.TakeLast(lines));

    /// <summary>Starts a server and waits until <c>/health/ready</c> answers (200, or 503 only when degraded by dead letters).</summary>
    public static async Task<HostProcess> StartServerAsync(string data, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var host = Start(data, settings, port, []);
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 600; i++)
        {
            if (host.HasExited) break;
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode) return host;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The host did not become ready:\n" + host.LastOutput(30));
    }

    /// <summary>Starts a host verb (<c>drain</c>, <c>run-job …</c>) without waiting for it.</summary>
    public static HostProcess StartVerb(string data, IReadOnlyDictionary<string, string> settings, params string[] args) => Start(data, settings, 0, args);

    public Task WaitForExitAsync(CancellationToken ct = default) => _process.WaitForExitAsync(ct);

    public int ExitCode => _process.ExitCode;

    public HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL: no shutdown hook runs.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }

        await _process.WaitForExitAsync();
    }

    private static HostProcess Start(string data, IReadOnlyDictionary<string, string> settings, int port, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Urssaf.Host.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = port == 0 ? "http://127.0.0.1:0" : $"http://127.0.0.1:{port}";
        start.Environment["Storage__DataDirectory"] = data;
        start.Environment["Identity__PasswordHashIterations"] = UrssafApp.FastHashIterations;
        start.Environment["Identity__CodeHashIterations"] = UrssafApp.FastHashIterations;
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var host = new HostProcess(Process.Start(start)!) { Port = port };
        host._process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 300) _output.TryDequeue(out _);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }

        _process.Dispose();
    }
}
