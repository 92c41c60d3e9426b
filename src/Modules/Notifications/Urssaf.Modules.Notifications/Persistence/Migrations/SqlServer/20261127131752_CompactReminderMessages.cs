using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Notifications.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CompactReminderMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Template",
                schema: "notifications",
                table: "OutgoingMessages",
                type: "varchar(40)",
                unicode: false,
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Template",
                schema: "notifications",
                table: "OutgoingMessages");
        }
    }
}
