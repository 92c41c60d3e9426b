using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Identity.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FranceConnectAndPasskeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurBirthcountry",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
                unicode: false,
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurBirthplace",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
                unicode: false,
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurGender",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
                unicode: false,
                maxLength: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FranceConnectGrants",
                schema: "identity",
                columns: table => new
                {
                    CodeHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IdToken = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8000, nullable: false),
                    ExpiresOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FranceConnectGrants", x => x.CodeHash);
                });

            migrationBuilder.CreateTable(
                name: "FranceConnectLinks",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LinkedBy = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    LinkedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FranceConnectLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FranceConnectTransactions",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StateHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    BrowserBindingHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Nonce = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    CodeVerifier = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    RedirectUri = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConsumedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FranceConnectTransactions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PasskeyCeremonies",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OptionsJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ExpiresOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PasskeyCeremonies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Passkeys",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CredentialId = table.Column<byte[]>(type: "BLOB", maxLength: 1023, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "BLOB", maxLength: 2048, nullable: false),
                    UserHandle = table.Column<byte[]>(type: "BLOB", maxLength: 64, nullable: false),
                    SignCount = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Passkeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FranceConnectLinks_AccountId",
                schema: "identity",
                table: "FranceConnectLinks",
                column: "AccountId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FranceConnectLinks_Issuer_Subject",
                schema: "identity",
                table: "FranceConnectLinks",
                columns: new[] { "Issuer", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FranceConnectTransactions_StateHash",
                schema: "identity",
                table: "FranceConnectTransactions",
                column: "StateHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Passkeys_AccountId",
                schema: "identity",
                table: "Passkeys",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Passkeys_CredentialId",
                schema: "identity",
                table: "Passkeys",
                column: "CredentialId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FranceConnectGrants",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "FranceConnectLinks",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "FranceConnectTransactions",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "PasskeyCeremonies",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "Passkeys",
                schema: "identity");

            migrationBuilder.DropColumn(
                name: "EntrepreneurBirthcountry",
                schema: "identity",
                table: "Formalities");

            migrationBuilder.DropColumn(
                name: "EntrepreneurBirthplace",
                schema: "identity",
                table: "Formalities");

            migrationBuilder.DropColumn(
                name: "EntrepreneurGender",
                schema: "identity",
                table: "Formalities");
        }
    }
}
