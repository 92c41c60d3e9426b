using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Notifications.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecureMessagingNoticesAndPaymentReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Siret",
                schema: "notifications",
                table: "Contacts",
                type: "TEXT",
                unicode: false,
                maxLength: 14,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "AudienceProfiles",
                schema: "notifications",
                columns: table => new
                {
                    Siret = table.Column<string>(type: "TEXT", unicode: false, maxLength: 14, nullable: false),
                    Category = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Department = table.Column<string>(type: "TEXT", unicode: false, maxLength: 3, nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AudienceProfiles", x => x.Siret);
                });

            migrationBuilder.CreateTable(
                name: "LateCorrectionRequests",
                schema: "notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ThreadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    Lines = table.Column<string>(type: "TEXT", unicode: false, maxLength: 500, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    RequestedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LateCorrectionRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PendingPayments",
                schema: "notifications",
                columns: table => new
                {
                    ObligationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    UncoveredCents = table.Column<long>(type: "INTEGER", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    RemindedDaysMask = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingPayments", x => x.ObligationId);
                });

            migrationBuilder.CreateTable(
                name: "RegulatoryNotices",
                schema: "notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    All = table.Column<bool>(type: "INTEGER", nullable: false),
                    Categories = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    Departments = table.Column<string>(type: "TEXT", unicode: false, maxLength: 2000, nullable: false),
                    Frequencies = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    PublishedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 80, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegulatoryNotices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ThreadAttachments",
                schema: "notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ThreadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    StorageName = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThreadAttachments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ThreadMessages",
                schema: "notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ThreadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    AdviserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Body = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    SentOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThreadMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Threads",
                schema: "notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    AssignedTo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OpenedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastMessageOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AwaitingSinceUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Threads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Siret",
                schema: "notifications",
                table: "Contacts",
                column: "Siret");

            migrationBuilder.CreateIndex(
                name: "IX_LateCorrectionRequests_ThreadId",
                schema: "notifications",
                table: "LateCorrectionRequests",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_PendingPayments_DueDate_UncoveredCents",
                schema: "notifications",
                table: "PendingPayments",
                columns: new[] { "DueDate", "UncoveredCents" });

            migrationBuilder.CreateIndex(
                name: "IX_RegulatoryNotices_EffectiveOn",
                schema: "notifications",
                table: "RegulatoryNotices",
                column: "EffectiveOn");

            migrationBuilder.CreateIndex(
                name: "IX_RegulatoryNotices_SourceKey",
                schema: "notifications",
                table: "RegulatoryNotices",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ThreadAttachments_MessageId",
                schema: "notifications",
                table: "ThreadAttachments",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_ThreadAttachments_ThreadId",
                schema: "notifications",
                table: "ThreadAttachments",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_ThreadMessages_ThreadId_SentOnUtc",
                schema: "notifications",
                table: "ThreadMessages",
                columns: new[] { "ThreadId", "SentOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_AccountId_LastMessageOnUtc",
                schema: "notifications",
                table: "Threads",
                columns: new[] { "AccountId", "LastMessageOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Threads_Status_Topic_AwaitingSinceUtc",
                schema: "notifications",
                table: "Threads",
                columns: new[] { "Status", "Topic", "AwaitingSinceUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AudienceProfiles",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "LateCorrectionRequests",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "PendingPayments",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "RegulatoryNotices",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "ThreadAttachments",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "ThreadMessages",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "Threads",
                schema: "notifications");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_Siret",
                schema: "notifications",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "Siret",
                schema: "notifications",
                table: "Contacts");
        }
    }
}
