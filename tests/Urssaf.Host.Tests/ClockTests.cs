using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

public sealed class ClockTests
{
    [Fact]
    public void StartAt_runs_from_the_configured_instant_and_advances_in_real_time()
    {
        var start = new DateTimeOffset(2026, 4, 29, 23, 59, 0, TimeSpan.Zero);
        var clock = new StartAtTimeProvider(start, TimeProvider.System);
        var first = clock.GetUtcNow();
        Thread.Sleep(20);
        var second = clock.GetUtcNow();
        Assert.InRange(first - start, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True(second > first);
    }

    [Fact]
    public void The_host_uses_Clock_StartAt_outside_Production()
    {
        using var app = Host("Testing");
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        Assert.Equal(new DateTime(2026, 4, 29), now.UtcDateTime.Date);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("production")]
    [InlineData("Prod")]
    [InlineData("Staging")]
    public void The_host_refuses_Clock_StartAt_outside_Development_and_Testing(string environment)
    {
        using var app = Host(environment);
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Clock:StartAt", error.ToString());
    }

    private static WebApplicationFactory<Program> Host(string environment)
    {
        var directory = Path.Combine(Path.GetTempPath(), "urssaf-tests", Guid.NewGuid().ToString("N"));
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Storage:DataDirectory", directory);
            b.UseSetting("Messaging:SchedulerEnabled", "false");
            b.UseSetting("Clock:StartAt", "2026-04-29T10:00:00Z");
            b.UseSetting("Operator:Key", UrssafApp.OperatorKey);
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(new byte[32]));
        });
    }
}
