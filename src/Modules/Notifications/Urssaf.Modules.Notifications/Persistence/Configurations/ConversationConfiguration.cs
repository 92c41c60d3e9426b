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
