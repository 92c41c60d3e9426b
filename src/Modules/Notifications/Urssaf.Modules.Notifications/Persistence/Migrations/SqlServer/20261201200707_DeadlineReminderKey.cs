using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Notifications.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DeadlineReminderKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DaysBefore",
                schema: "notifications",
                table: "OutgoingMessages",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Period",
                schema: "notifications",
                table: "OutgoingMessages",
                type: "varchar(7)",
                unicode: false,
                maxLength: 7,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingMessages_AccountId_Period_DaysBefore_Channel",
                schema: "notifications",
                table: "OutgoingMessages",
                columns: new[] { "AccountId", "Period", "DaysBefore", "Channel" },
                unique: true,
                filter: "\"DaysBefore\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutgoingMessages_AccountId_Period_DaysBefore_Channel",
                schema: "notifications",
                table: "OutgoingMessages");

            migrationBuilder.DropColumn(
                name: "DaysBefore",
                schema: "notifications",
                table: "OutgoingMessages");

            migrationBuilder.DropColumn(
                name: "Period",
                schema: "notifications",
                table: "OutgoingMessages");
        }
    }
}
