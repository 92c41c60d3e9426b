using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.SqlServer
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "DeclaredTurnovers",
                schema: "compliance",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Sales = table.Column<long>(type: "bigint", nullable: false),
                    Services = table.Column<long>(type: "bigint", nullable: false),
                    FurnishedTourism = table.Column<long>(type: "bigint", nullable: false)
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
