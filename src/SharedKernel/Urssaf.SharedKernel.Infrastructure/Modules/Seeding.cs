using System.Collections.Concurrent;
using System.Globalization;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.SharedKernel.Infrastructure.Modules;

/// <summary>One synthetic active account, the same in every module (deterministic from its index).</summary>
public sealed record SeedAccount(int Index, Guid AccountId, string Siret, string Nir, string FirstName, string LastName, string Email,
    string MobilePhone, string LegalName, string Address, DateOnly ActivityStart, DeclarationFrequency Frequency, ActivityCategory Category,
    string Department)
{
    /// <summary>The password of every seeded account (load tests log in with it).</summary>
    public const string Password = "Seed-Password#2026";

    public static SeedAccount Create(int index)
    {
        // the SIREN passes Luhn on its own and the SIRET over its 14 digits (DOMAIN.md §7); unique below 10^7 accounts
        var siret = Luhn(Luhn("9" + index.ToString("D7", CultureInfo.InvariantCulture)) + "0001");
        return new SeedAccount(index, DeterministicId(index), siret, NirOf(index), "Camille", $"Seed{index}", $"seed{index}@example.test",
            "+3367" + index.ToString("D7", CultureInfo.InvariantCulture)[^7..], $"Camille Seed{index}", $"{index % 200 + 1} rue de la Paix 75002 Paris",
            new DateOnly(2024, 1, 1), DeclarationFrequency.Quarterly, ActivityCategory.LiberalBnc, "75");
    }

    private static Guid DeterministicId(int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, index);
        "seed-account"u8.CopyTo(bytes[4..]);
        return new Guid(bytes);
    }

    /// <summary>The digits followed by the check digit that makes their Luhn sum valid (the SIREN and SIRET checks).</summary>
    private static string Luhn(string thirteen)
    {
        for (var check = 0; check < 10; check++)
        {
            var candidate = thirteen + check;
            var sum = 0;
            for (var i = 0; i < candidate.Length; i++)
            {
                var d = candidate[candidate.Length - 1 - i] - '0';
                if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                sum += d;
            }

            if (sum % 10 == 0) return candidate;
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>A valid NIR (key = 97 − first 13 digits mod 97), unique per index below 10^8.</summary>
    private static string NirOf(int index)
    {
        var body = $"1{80 + index / 1_000_000 % 20:D2}{index / 100_000 % 10 + 1:D2}75{index / 1000 % 100:D3}{index % 1000:D3}";
        var key = 97 - long.Parse(body, CultureInfo.InvariantCulture) % 97;
        return body + key.ToString("D2", CultureInfo.InvariantCulture);
    }
}

/// <summary>What one module seeded that the next ones need (the declared amounts, as the events would have carried them).</summary>
public sealed class SeedContext(DateTime now)
{
    public DateTime Now { get; } = now;

    public ConcurrentDictionary<(Guid AccountId, string Period), SeededDeclaration> Declarations { get; } = new();
}

public sealed record SeededDeclaration(Guid DeclarationId, DateOnly DueDate, DateTime DeadlineUtc, DateTime SubmittedAtUtc, long TotalCents);

/// <summary>
/// A module's part of the <c>seed</c> host verb: writes synthetic active accounts through the module's own domain
/// types and mappings (bulk insert), for load tests. Never registered for anything but the verb.
/// </summary>
public interface IModuleSeeder
{
    /// <summary>Seeders run in this order (Identity first, then Declarations, then the modules that project them).</summary>
    int Order { get; }

    Task SeedAsync(IReadOnlyList<SeedAccount> accounts, SeedContext context, IServiceProvider services, CancellationToken cancellationToken);
}
