using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Payments.Domain;

namespace Urssaf.Modules.Payments.Persistence.Configurations;

internal sealed class ObligationConfiguration : IEntityTypeConfiguration<Obligation>
{
    public void Configure(EntityTypeBuilder<Obligation> b)
    {
        b.ToTable("Obligations");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).ValueGeneratedNever();
        b.HasIndex(o => new { o.Kind, o.SourceId }).IsUnique();
        b.HasIndex(o => new { o.AccountId, o.DueDate });
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(o => o.Revision).IsConcurrencyToken();
        b.Ignore(o => o.OutstandingCents);
        b.Ignore(o => o.CreditCents);
        b.Ignore(o => o.IsSettled);
        b.Ignore(o => o.PayableCents);
    }
}
