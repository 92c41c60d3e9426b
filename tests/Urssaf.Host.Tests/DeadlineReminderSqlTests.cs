using Urssaf.Modules.Notifications.Features.RemindDeadlines;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The set-based reminder statements of ADR 0137 (SQLite runs in the Notifications tests; SQL Server is parsed here).</summary>
public sealed class DeadlineReminderSqlTests
{
    [Fact]
    public void The_SQL_Server_statement_parses_and_probes_the_reminder_key_under_a_range_lock()
    {
        Assert.Empty(SqlServerScript.Parse(RemindDeadlinesJob.SqlServerInsert));
        Assert.Contains("INSERT INTO [notifications].[OutgoingMessages]", RemindDeadlinesJob.SqlServerInsert);
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", RemindDeadlinesJob.SqlServerInsert);
    }

    [Fact]
    public void Both_statements_write_the_same_columns_and_skip_what_is_filed_or_already_reminded()
    {
        foreach (var sql in new[] { RemindDeadlinesJob.SqliteInsert, RemindDeadlinesJob.SqlServerInsert })
        {
            var columns = sql[sql.IndexOf('(')..sql.IndexOf(')')].Replace("[", "\"").Replace("]", "\"");
            Assert.Equal(17, columns.Split(',').Length);
            Assert.Contains("\"Period\", \"DaysBefore\"", columns);
            Assert.Contains("NOT EXISTS", sql);
            Assert.Contains("RemindedDaysMask", sql);
        }
    }
}
