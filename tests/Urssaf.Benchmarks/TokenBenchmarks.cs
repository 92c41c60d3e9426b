using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Benchmarks;

/// <summary>
/// An access token as every authenticated request presents it: issued by Identity, validated with the host's
/// parameters (HMAC-SHA256, issuer, audience, lifetime). The session check that follows is a database read (or the
/// session cache, ADR 21) and is measured by the load harness instead.
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private static readonly JsonWebTokenHandler Handler = new();
    private AccessTokens _tokens = null!;
    private Session _session = null!;
    private TokenValidationParameters _parameters = null!;
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        var jwt = new JwtSettings { SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) };
        _tokens = new AccessTokens(jwt, TimeProvider.System);
        _session = Session.Open(new AccountId(Guid.CreateVersion7()), false, "password", new SessionOptions(), null, null, DateTime.UtcNow);
        _parameters = jwt.ValidationParameters();
        _token = _tokens.Issue(_session);
        if (!Validate().Result) throw new InvalidOperationException("the benchmark's token does not validate");
    }

    [Benchmark(Description = "Issue an access token")]
    public string Issue() => _tokens.Issue(_session);

    [Benchmark(Description = "Validate an access token")]
    public async Task<bool> Validate() => (await Handler.ValidateTokenAsync(_token, _parameters)).IsValid;
}
