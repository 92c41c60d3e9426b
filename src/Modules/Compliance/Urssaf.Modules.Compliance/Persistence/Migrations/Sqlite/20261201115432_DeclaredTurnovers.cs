using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeclaredTurnovers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TurnoverVersion",
                schema: "compliance",
                table: "ExpectedDeclarations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "DeclaredTurnovers",
                schema: "compliance",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Sales = table.Column<long>(type: "INTEGER", nullable: false),
                    Services = table.Column<long>(type: "INTEGER", nullable: false),
                    FurnishedTourism = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeclaredTurnovers", x => new { x.AccountId, x.Period, x.Year });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeclaredTurnovers",
                schema: "compliance");

            migrationBuilder.DropColumn(
                name: "TurnoverVersion",
                schema: "compliance",
                table: "ExpectedDeclarations");
        }
    }
}
