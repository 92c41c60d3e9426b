using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Identity.Persistence.Migrations.SqlServer
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
                type: "varchar(5)",
                unicode: false,
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurBirthplace",
                schema: "identity",
                table: "Formalities",
                type: "varchar(5)",
                unicode: false,
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurGender",
                schema: "identity",
                table: "Formalities",
                type: "varchar(6)",
                unicode: false,
                maxLength: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FranceConnectGrants",
                schema: "identity",
                columns: table => new
                {
                    CodeHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Issuer = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    IdToken = table.Column<string>(type: "varchar(8000)", unicode: false, maxLength: 8000, nullable: false),
                    ExpiresOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UsedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SessionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Issuer = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    LinkedBy = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    LinkedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StateHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    BrowserBindingHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Nonce = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    CodeVerifier = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    RedirectUri = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ConsumedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    OptionsJson = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    ExpiresOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UsedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CredentialId = table.Column<byte[]>(type: "varbinary(1023)", maxLength: 1023, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "varbinary(2048)", maxLength: 2048, nullable: false),
                    UserHandle = table.Column<byte[]>(type: "varbinary(64)", maxLength: 64, nullable: false),
                    SignCount = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastUsedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
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
