using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Notifications.Domain;

namespace Urssaf.Modules.Notifications.Persistence.Configurations;

internal sealed class SecureThreadConfiguration : IEntityTypeConfiguration<SecureThread>
{
    public void Configure(EntityTypeBuilder<SecureThread> b)
    {
        b.ToTable("Threads");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Topic).HasMaxLength(20).IsUnicode(false);
        b.Property(t => t.Subject).HasMaxLength(200);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(t => t.AssignedTo).HasMaxLength(100);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.AccountId, t.LastMessageOnUtc });
        b.HasIndex(t => new { t.Status, t.Topic, t.AwaitingSinceUtc }); // the adviser queue
    }
}

internal sealed class ThreadMessageConfiguration : IEntityTypeConfiguration<ThreadMessage>
{
    public void Configure(EntityTypeBuilder<ThreadMessage> b)
    {
        b.ToTable("ThreadMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Author).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(m => m.AdviserName).HasMaxLength(100);
        b.Property(m => m.Body).HasMaxLength(ThreadLimits.MaxBodyLength);
        b.HasIndex(m => new { m.ThreadId, m.SentOnUtc });
    }
}

internal sealed class ThreadAttachmentConfiguration : IEntityTypeConfiguration<ThreadAttachment>
{
    public void Configure(EntityTypeBuilder<ThreadAttachment> b)
    {
        b.ToTable("ThreadAttachments");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.FileName).HasMaxLength(ThreadLimits.MaxFileNameLength);
        b.Property(a => a.ContentType).HasMaxLength(40).IsUnicode(false);
        b.Property(a => a.Sha256).HasMaxLength(64).IsUnicode(false);
        b.Property(a => a.StorageName).HasMaxLength(100).IsUnicode(false);
        b.HasIndex(a => a.MessageId);
        b.HasIndex(a => a.ThreadId);
    }
}

internal sealed class LateCorrectionRequestConfiguration : IEntityTypeConfiguration<LateCorrectionRequest>
{
    public void Configure(EntityTypeBuilder<LateCorrectionRequest> b)
    {
        b.ToTable("LateCorrectionRequests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(r => r.Lines).HasMaxLength(500).IsUnicode(false);
        b.Property(r => r.Reason).HasMaxLength(2000);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(r => r.DecidedBy).HasMaxLength(100);
        b.HasIndex(r => r.ThreadId);
    }
}

internal sealed class AudienceProfileConfiguration : IEntityTypeConfiguration<AudienceProfile>
{
    public void Configure(EntityTypeBuilder<AudienceProfile> b)
    {
        b.ToTable("AudienceProfiles");
        b.HasKey(p => p.Siret);
        b.Property(p => p.Siret).HasMaxLength(14).IsUnicode(false);
        b.Property(p => p.Category).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(p => p.Department).HasMaxLength(3).IsUnicode(false);
        b.Property(p => p.Frequency).HasConversion<string>().HasMaxLength(10).IsUnicode(false);
    }
}

internal sealed class RegulatoryNoticeConfiguration : IEntityTypeConfiguration<RegulatoryNotice>
{
    public void Configure(EntityTypeBuilder<RegulatoryNotice> b)
    {
        b.ToTable("RegulatoryNotices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Text).HasMaxLength(5000);
        b.Property(n => n.Categories).HasMaxLength(200).IsUnicode(false);
        b.Property(n => n.Departments).HasMaxLength(2000).IsUnicode(false);
        b.Property(n => n.Frequencies).HasMaxLength(40).IsUnicode(false);
        b.Property(n => n.SourceKey).HasMaxLength(80).IsUnicode(false);
        b.Property(n => n.Link).HasMaxLength(500).IsUnicode(false);
        b.HasIndex(n => n.SourceKey).IsUnique();
        b.HasIndex(n => n.EffectiveOn);
    }
}
