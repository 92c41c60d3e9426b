using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Identity.Domain;

namespace Urssaf.Modules.Identity.Security;

/// <summary>
/// Password storage: ASP.NET Core's PBKDF2-HMAC-SHA512 (V3 format) at the configured iterations (≥ 210,000, the
/// binding decision). A hash made with fewer iterations verifies as "rehash needed" and is upgraded at login.
/// Only the <c>Testing</c> environment may configure fewer iterations, for passwords and codes alike (ADR 0141).
/// </summary>
internal sealed class PasswordHashing
{
    private readonly PasswordHasher<Account> _hasher;
    private readonly Lazy<string> _dummy;
    private readonly int _codeIterations;

    public PasswordHashing(IOptions<IdentityModuleOptions> options, Microsoft.Extensions.Hosting.IHostEnvironment environment)
    {
        var testing = IdentityModuleOptions.MayHashFaster(environment);
        _hasher = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = testing ? options.Value.PasswordHashIterations : Math.Max(IdentityModuleOptions.MinPasswordHashIterations, options.Value.PasswordHashIterations),
        }));
        _codeIterations = testing ? options.Value.CodeHashIterations : Math.Max(IdentityModuleOptions.MinCodeHashIterations, options.Value.CodeHashIterations);
        _dummy = new Lazy<string>(() => Hash("a dummy password nobody has"));
    }

    private long _slowHashes;

    /// <summary>
    /// How many slow hashes (passwords, answers, codes) this process computed: the equal-work tests compare paths
    /// by this count rather than by timing (ADR 0022).
    /// </summary>
    public long SlowHashes => Interlocked.Read(ref _slowHashes);

    public string Hash(string password)
    {
        Interlocked.Increment(ref _slowHashes);
        return _hasher.HashPassword(null!, password);
    }

    public PasswordVerificationResult Verify(string hash, string password)
    {
        Interlocked.Increment(ref _slowHashes);
        return _hasher.VerifyHashedPassword(null!, hash, password);
    }

    /// <summary>Spends the time of a real verification, so that unknown identifiers answer as slowly as known ones.</summary>
    public void VerifyAgainstDummy(string password)
    {
        Interlocked.Increment(ref _slowHashes);
        _hasher.VerifyHashedPassword(null!, _dummy.Value, password);
    }

    /// <summary>A six-digit code's stored form (<see cref="Secrets.HashCode"/>), counted as slow work.</summary>
    public string HashCode(string code)
    {
        Interlocked.Increment(ref _slowHashes);
        return Secrets.HashCode(code, _codeIterations);
    }

    public bool VerifyCode(string code, string stored)
    {
        Interlocked.Increment(ref _slowHashes);
        return Secrets.VerifyCode(code, stored, _codeIterations);
    }

    /// <summary>Secret answers are normalised (case, accents, spaces) and then hashed like passwords.</summary>
    public static string NormalizeAnswer(string answer)
    {
        var decomposed = answer.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(c)) { if (builder.Length > 0 && builder[^1] != ' ') builder.Append(' '); continue; }
            builder.Append(c);
        }

        return builder.ToString().Trim();
    }
}

/// <summary>
/// The binding password policy: (≥ 10 code points with lower, upper, digit and special, not blocklisted) or
/// (≥ 15 code points, not blocklisted); at most 128 code points; never truncated. The blocklist holds common
/// passwords (shipped offline) and context words (urssaf, siret, the user's names, e-mail local part).
/// </summary>
internal static class PasswordPolicy
{
    public const int MaxCodePoints = 128;

    private static readonly HashSet<string> Common = LoadCommon();

    public static string? Check(string password, IEnumerable<string?> contextWords)
    {
        var length = password.EnumerateRunes().Count();
        if (length > MaxCodePoints) return "identity.password.too_long";
        var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (!(length >= 15 || (length >= 10 && classes == 4))) return "identity.password.too_weak";
        return IsBlocklisted(password, contextWords) ? "identity.password.blocklisted" : null;
    }

    private static bool IsBlocklisted(string password, IEnumerable<string?> contextWords)
    {
        var lower = password.ToLowerInvariant();
        if (Common.Contains(lower)) return true;
        // the password reduced to its letters ("Password2024!" → "password") is a common word
        var letters = new string(lower.Where(char.IsLetter).ToArray());
        if (letters.Length >= 4 && Common.Contains(letters)) return true;
        var words = contextWords.Append("urssaf").Append("siret").Append("autoentrepreneur").Append("microentreprise");
        return words.Where(w => w is { Length: >= 4 }).Any(w => lower.Contains(w!.ToLowerInvariant(), StringComparison.Ordinal));
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Urssaf.Identity.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim().ToLowerInvariant());
        return set;
    }
}
