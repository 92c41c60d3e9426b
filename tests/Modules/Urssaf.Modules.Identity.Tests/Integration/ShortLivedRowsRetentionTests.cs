using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>The daily retention also takes the short-lived rows of the other ways in once they are spent (docs/privacy.md).</summary>
public sealed class ShortLivedRowsRetentionTests
{
    [Fact]
    public async Task Passkey_challenges_go_at_the_first_run_after_they_expire()
    {
        using var app = new UrssafApp();
        var options = await app.CreateClient().PostAsync("/api/v1/identity/passkeys/assertion-options", null);
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        Task<int> CountAsync() => app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().PasskeyCeremonies.CountAsync());
        Assert.Equal(1, await CountAsync());

        await app.RunDailyJobAsync("identity-retention");
        Assert.Equal(1, await CountAsync()); // still usable: kept
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.RunDailyJobAsync("identity-retention");
        Assert.Equal(0, await CountAsync());
    }
}
