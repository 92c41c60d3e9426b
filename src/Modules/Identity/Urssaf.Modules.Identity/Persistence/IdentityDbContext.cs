using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Identity.Persistence;

/// <summary>The Identity module's data, in schema <c>identity</c> (SQL Server) or file <c>identity.db</c> (SQLite).</summary>
internal abstract class IdentityDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "identity";

    public DbSet<Formality> Formalities => Set<Formality>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ActivationChallenge> ActivationChallenges => Set<ActivationChallenge>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();
    public DbSet<ConnectionEntry> ConnectionJournal => Set<ConnectionEntry>();
    public DbSet<Recovery> Recoveries => Set<Recovery>();
    public DbSet<ContactChange> ContactChanges => Set<ContactChange>();
    public DbSet<ChannelRecovery> ChannelRecoveries => Set<ChannelRecovery>();
    public DbSet<ThirdParty> ThirdParties => Set<ThirdParty>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<DelegationActivity> DelegationActivities => Set<DelegationActivity>();
    public DbSet<FranceConnectTransaction> FranceConnectTransactions => Set<FranceConnectTransaction>();
    public DbSet<FranceConnectLink> FranceConnectLinks => Set<FranceConnectLink>();
    public DbSet<FranceConnectGrant> FranceConnectGrants => Set<FranceConnectGrant>();
    public DbSet<Passkey> Passkeys => Set<Passkey>();
    public DbSet<PasskeyCeremony> PasskeyCeremonies => Set<PasskeyCeremony>();
    public DbSet<DataExport> DataExports => Set<DataExport>();
    public DbSet<OperatorCredential> Operators => Set<OperatorCredential>();

    protected override bool HasJournal => true;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict(); // OAuth clients and tokens of third parties (ADR 60), in Identity's schema
    }
}

internal sealed class IdentitySqlServerDbContext(DbContextOptions<IdentitySqlServerDbContext> options) : IdentityDbContext(options);

internal sealed class IdentitySqliteDbContext(DbContextOptions<IdentitySqliteDbContext> options) : IdentityDbContext(options);
