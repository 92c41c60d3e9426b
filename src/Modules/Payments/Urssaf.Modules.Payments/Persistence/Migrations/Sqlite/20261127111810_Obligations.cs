using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Payments.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Obligations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Obligations",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidCents = table.Column<long>(type: "INTEGER", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SourceVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Obligations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Obligations_AccountId_DueDate",
                schema: "payments",
                table: "Obligations",
                columns: new[] { "AccountId", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Obligations_Kind_SourceId",
                schema: "payments",
                table: "Obligations",
                columns: new[] { "Kind", "SourceId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Obligations",
                schema: "payments");
        }
    }
}
