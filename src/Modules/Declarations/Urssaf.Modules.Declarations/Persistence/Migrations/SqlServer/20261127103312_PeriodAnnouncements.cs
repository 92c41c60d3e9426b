using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Declarations.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PeriodAnnouncements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastAnnouncedPeriod",
                schema: "declarations",
                table: "Enterprises",
                type: "varchar(7)",
                unicode: false,
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextAnnouncementOn",
                schema: "declarations",
                table: "Enterprises",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_NextAnnouncementOn",
                schema: "declarations",
                table: "Enterprises",
                column: "NextAnnouncementOn");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enterprises_NextAnnouncementOn",
                schema: "declarations",
                table: "Enterprises");

            migrationBuilder.DropColumn(
                name: "LastAnnouncedPeriod",
                schema: "declarations",
                table: "Enterprises");

            migrationBuilder.DropColumn(
                name: "NextAnnouncementOn",
                schema: "declarations",
                table: "Enterprises");
        }
    }
}
