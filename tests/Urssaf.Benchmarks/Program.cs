using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Urssaf.Benchmarks -- --filter '*'            (full run, figures in docs/performance.md)
// dotnet run -c Release --project tests/Urssaf.Benchmarks -- --filter '*' --job dry  (a quick smoke run)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
