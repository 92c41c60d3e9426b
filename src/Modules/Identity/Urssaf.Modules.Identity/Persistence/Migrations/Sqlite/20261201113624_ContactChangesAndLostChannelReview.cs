using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Identity.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactChangesAndLostChannelReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChannelRecoveries",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Lost = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    CodeExpiresOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CodeTries = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubmittedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProvedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelRecoveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContactChanges",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    NewSecretAnswerHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: true),
                    OldValue = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    OldSecretAnswerHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: true),
                    CodeHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    CodeExpiresOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CodeTries = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AppliedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelTokenHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    CancelExpiresOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelledOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SupersededOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelRecoveries_AccountId",
                schema: "identity",
                table: "ChannelRecoveries",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ChannelRecoveries_Status_SubmittedOnUtc",
                schema: "identity",
                table: "ChannelRecoveries",
                columns: new[] { "Status", "SubmittedOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactChanges_AccountId_Kind",
                schema: "identity",
                table: "ContactChanges",
                columns: new[] { "AccountId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactChanges_CancelTokenHash",
                schema: "identity",
                table: "ContactChanges",
                column: "CancelTokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChannelRecoveries",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "ContactChanges",
                schema: "identity");
        }
    }
}
