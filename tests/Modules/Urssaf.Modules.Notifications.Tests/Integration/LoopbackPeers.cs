using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>A real SMTP server on loopback (the SmtpServer package) that keeps every message it accepts.</summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public LoopbackSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false)).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>A stand-in SMS gateway on loopback: records each POST and answers with a status chosen by the test.</summary>
public sealed class LoopbackSmsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    public LoopbackSmsGateway()
    {
        var builder = WebApplication.CreateSlimBuilder();
        Url = $"http://127.0.0.1:{LoopbackSmtpServer.FreePort()}";
        builder.WebHost.UseUrls(Url);
        _app = builder.Build();
        _app.MapPost("/sms", async (HttpRequest request) =>
        {
            var body = await JsonDocument.ParseAsync(request.Body);
            Received.Enqueue((body.RootElement.GetProperty("to").GetString()!, body.RootElement.GetProperty("text").GetString()!,
                request.Headers.Authorization.ToString()));
            return StatusToAnswer == 200 ? Results.Json(new { id = $"gw-{Received.Count}" }) : Results.StatusCode(StatusToAnswer);
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public string Url { get; }
    public int StatusToAnswer { get; set; } = 200;
    public ConcurrentQueue<(string To, string Text, string Authorization)> Received { get; } = new();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
