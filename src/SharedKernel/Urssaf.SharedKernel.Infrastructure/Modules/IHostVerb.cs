namespace Urssaf.SharedKernel.Infrastructure.Modules;

/// <summary>A verb of the host's command line that a module provides (<c>dotnet Urssaf.Host.dll import-formalities file.jsonl</c>).</summary>
public interface IHostVerb
{
    string Verb { get; }

    string Usage { get; }

    /// <summary>Runs the command against the migrated databases; returns the process exit code.</summary>
    Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken);
}
