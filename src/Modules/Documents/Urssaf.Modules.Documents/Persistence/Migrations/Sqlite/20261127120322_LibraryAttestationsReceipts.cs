using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Documents.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LibraryAttestationsReceipts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Documents",
                schema: "documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", unicode: false, maxLength: 30, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: true),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IssuedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Provisional = table.Column<bool>(type: "INTEGER", nullable: false),
                    VerificationCodeHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    SourceKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 120, nullable: false),
                    StorageKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Holders",
                schema: "documents",
                columns: table => new
                {
                    Siret = table.Column<string>(type: "TEXT", unicode: false, maxLength: 14, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LegalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ApeCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 6, nullable: false),
                    ActivityStartDate = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Holders", x => x.Siret);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_AccountId_IssuedOnUtc",
                schema: "documents",
                table: "Documents",
                columns: new[] { "AccountId", "IssuedOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_SourceKey",
                schema: "documents",
                table: "Documents",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Documents_VerificationCodeHash",
                schema: "documents",
                table: "Documents",
                column: "VerificationCodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Holders_AccountId",
                schema: "documents",
                table: "Holders",
                column: "AccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Documents",
                schema: "documents");

            migrationBuilder.DropTable(
                name: "Holders",
                schema: "documents");
        }
    }
}
