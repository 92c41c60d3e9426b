using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Notifications.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ThreadMessageReadByOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ReadByOwnerOnUtc",
                schema: "notifications",
                table: "ThreadMessages",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReadByOwnerOnUtc",
                schema: "notifications",
                table: "ThreadMessages");
        }
    }
}
