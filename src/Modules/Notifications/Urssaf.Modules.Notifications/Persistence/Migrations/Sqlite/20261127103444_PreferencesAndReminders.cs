using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Notifications.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PreferencesAndReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PendingDeclarations",
                schema: "notifications",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Filed = table.Column<bool>(type: "INTEGER", nullable: false),
                    RemindedDaysMask = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingDeclarations", x => new { x.AccountId, x.Period });
                });

            migrationBuilder.CreateTable(
                name: "Preferences",
                schema: "notifications",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Choice = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Preferences", x => new { x.AccountId, x.Topic });
                });

            migrationBuilder.CreateIndex(
                name: "IX_PendingDeclarations_DueDate_Filed",
                schema: "notifications",
                table: "PendingDeclarations",
                columns: new[] { "DueDate", "Filed" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PendingDeclarations",
                schema: "notifications");

            migrationBuilder.DropTable(
                name: "Preferences",
                schema: "notifications");
        }
    }
}
