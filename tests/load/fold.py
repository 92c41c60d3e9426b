"""Reads `perf script` output; prints the share of samples whose call stack contains each frame (inclusive time).
Only frames that name the project's code, EF Core, PDFsharp, ASP.NET Core authentication or SQLite are listed."""
import collections
import re
import sys

KEEP = re.compile(r"Urssaf\.|EntityFrameworkCore\.(DbContext|Query\.Internal\.QueryCompiler)|PdfSharp\.Pdf\.(PdfDocument|Advanced\.PdfFontProgram|Filters)"
                  r"|JwtBearerHandler|sqlite3_step|libcrypto")
SKIP = re.compile(r"AsyncStateMachineBox|^\[System\.Runtime\]|IL_STUB|^/\*")
counts, samples, stack = collections.Counter(), 0, []


def name(frame):
    frame = re.sub(r"^[0-9a-f]+ ", "", frame)
    frame = re.sub(r"\+0x[0-9a-f]+ \((.*)\)$", lambda m: "" if "perf-" in m.group(1) else " (" + m.group(1).rsplit("/", 1)[-1] + ")", frame)
    frame = re.sub(r"\[(OptimizedTier1|Optimized|Tier0|Tier1|QuickJitted|OptimizedTier1OSR|Instrumented\w*)\]", "", frame)
    return re.sub(r"^(instance )?\S+ (\[[^\]]+\] )?", "", frame) if "::" in frame else frame


for line in sys.stdin:
    if line.strip():
        if line[0] in " \t":
            stack.append(line.strip())
        continue
    if stack:
        samples += 1
        for frame in {name(f) for f in stack}:
            counts[frame] += 1
    stack = []

print(f"{samples} samples")
for frame, count in counts.most_common(400):
    if KEEP.search(frame) and not SKIP.search(frame):
        print(f"{100 * count / samples:5.1f}%  {frame[:150]}")
