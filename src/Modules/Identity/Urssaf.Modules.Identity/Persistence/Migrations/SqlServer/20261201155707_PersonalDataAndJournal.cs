using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Identity.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PersonalDataAndJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedOnUtc",
                schema: "identity",
                table: "Accounts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PurgedOnUtc",
                schema: "identity",
                table: "Accounts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataExports",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ReadyOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ExpiresOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataExports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Journal",
                schema: "identity",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Kind = table.Column<string>(type: "varchar(80)", unicode: false, maxLength: 80, nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Data = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PreviousHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Journal", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "JournalCheckpoints",
                schema: "identity",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Hash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "varchar(200)", unicode: false, maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalCheckpoints", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Operators",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    KeyHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RotatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Operators", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DataExports_AccountId_Status",
                schema: "identity",
                table: "DataExports",
                columns: new[] { "AccountId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DataExports_Status",
                schema: "identity",
                table: "DataExports",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Journal_AccountId",
                schema: "identity",
                table: "Journal",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Journal_AtUtc",
                schema: "identity",
                table: "Journal",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Operators_KeyHash",
                schema: "identity",
                table: "Operators",
                column: "KeyHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Operators_Name",
                schema: "identity",
                table: "Operators",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataExports",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "Journal",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "JournalCheckpoints",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "Operators",
                schema: "identity");

            migrationBuilder.DropColumn(
                name: "ClosedOnUtc",
                schema: "identity",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "PurgedOnUtc",
                schema: "identity",
                table: "Accounts");
        }
    }
}
