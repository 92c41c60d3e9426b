using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Identity.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Recovery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "PasswordChangeOnly",
                schema: "identity",
                table: "Sessions",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "TemporaryPasswordExpiresOnUtc",
                schema: "identity",
                table: "Accounts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TemporaryPasswordHash",
                schema: "identity",
                table: "Accounts",
                type: "varchar(200)",
                unicode: false,
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Recoveries",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EmailTokenHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    SmsCodeHash = table.Column<string>(type: "varchar(200)", unicode: false, maxLength: 200, nullable: false),
                    ExpiresOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SmsCodeExpiresOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EmailConfirmedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SmsConfirmedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CodeFailures = table.Column<int>(type: "int", nullable: false),
                    AnswerFailures = table.Column<int>(type: "int", nullable: false),
                    AnswerBlockedUntilUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CompletedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Recoveries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Recoveries_AccountId",
                schema: "identity",
                table: "Recoveries",
                column: "AccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Recoveries",
                schema: "identity");

            migrationBuilder.DropColumn(
                name: "PasswordChangeOnly",
                schema: "identity",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "TemporaryPasswordExpiresOnUtc",
                schema: "identity",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "TemporaryPasswordHash",
                schema: "identity",
                table: "Accounts");
        }
    }
}
