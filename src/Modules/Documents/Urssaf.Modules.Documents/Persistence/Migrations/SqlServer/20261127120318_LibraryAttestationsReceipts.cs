using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Documents.Persistence.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Type = table.Column<string>(type: "varchar(30)", unicode: false, maxLength: 30, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: true),
                    AmountCents = table.Column<long>(type: "bigint", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    IssuedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    Provisional = table.Column<bool>(type: "bit", nullable: false),
                    VerificationCodeHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: true),
                    SourceKey = table.Column<string>(type: "varchar(120)", unicode: false, maxLength: 120, nullable: false),
                    StorageKey = table.Column<string>(type: "varchar(200)", unicode: false, maxLength: 200, nullable: false),
                    Sha256 = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false)
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
                    Siret = table.Column<string>(type: "varchar(14)", unicode: false, maxLength: 14, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LegalName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    ApeCode = table.Column<string>(type: "varchar(6)", unicode: false, maxLength: 6, nullable: false),
                    ActivityStartDate = table.Column<DateOnly>(type: "date", nullable: false)
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
                unique: true,
                filter: "[VerificationCodeHash] IS NOT NULL");

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
