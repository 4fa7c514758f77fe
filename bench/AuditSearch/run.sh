#!/usr/bin/env bash
# Audit-log search benchmark: our Engine vs grep -F vs grep -F | jq, on the same Vault file-audit logs of at least
# 1 GB, in one run with a warm page cache. Prints MB/s for each, the ratios, and whether our count equals jq's.
#   bench/AuditSearch/run.sh     (AUDIT_BENCH_SIZES, AUDIT_BENCH_FILE, AUDIT_BENCH_PREFIX to change the inputs)
# Two logs by default, 1100 and 4400 MB (AUDIT_BENCH_SIZES="1100 4400"; AUDIT_BENCH_FILE=PATH times one given
# file instead): the first search in a session pays a fixed cost (about 0.1 s of compiling) that is a third of
# the time on the smaller log and a tenth on the larger, so the two show the search's start-up apart from its rate.
# Installs jq when it is missing (here only, never in CI). The logs go to /tmp, not into the repository.
# Times are the best of AUDIT_BENCH_RUNS runs (3) for every contender, jq included; on a shared machine they
# move with its load, so the load average is printed with them.
#
# Two builds of the same Engine code are timed:
# - Native AOT: a whole process, start-up (~20 ms) included.
# - JIT, in-process: the Engine as it ships (IL, compiled on first use) in a fresh runtime, counting matches through a
#   callback: no pwsh, no Import-Module, no output objects. It is the Engine's own figure, labelled as such; what a
#   pwsh user waits for (a whole `pwsh -c "Import-Module ...; Search-VaultAuditLog ..."` process, objects included)
#   is measured by `dotnet run --project bench/VaultRunbook.Bench -c Release -- search`.
# - JIT, a later search: the third search in one process, with the code compiled, as every search after the
#   first in a pwsh session is.
# Diagnostics for `dotnet bin/publish/AuditSearch.dll search FILE PREFIX`: AUDIT_BENCH_WARMUP=N (searches first, for the
# steady state), AUDIT_BENCH_JITLOG=N (what the JIT compiled, and the N costliest methods; with AUDIT_BENCH_JITLOG_ORDER,
# all of them in order) and AUDIT_BENCH_TIMELINE (how far the parser had got every 20 ms: the first run's ramp).
# The search's own time counts from the making of the searcher (its matcher and prefilter) to the last match.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
sizes="${AUDIT_BENCH_SIZES:-1100 4400}"
prefix="${AUDIT_BENCH_PREFIX:-secret/data/cwiq}"
runs="${AUDIT_BENCH_RUNS:-3}"

if ! command -v jq >/dev/null 2>&1; then
    echo "installing jq"
    apt-get install -y jq >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y jq >/dev/null; }
fi

rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
dotnet publish "$here/AuditSearch.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=false \
    -o "$here/bin/publish" -v quiet -nologo >/dev/null
jit_tool=(dotnet "$here/bin/publish/AuditSearch.dll")
linker=gcc; command -v clang >/dev/null 2>&1 && linker=clang
if dotnet publish "$here/AuditSearch.csproj" -c Release -r "$rid" -p:PublishAot=true -p:CppCompilerAndLinker="$linker" \
    -p:IlcInstructionSet=native -o "$here/bin/aot" -v quiet -nologo >/dev/null 2>&1; then
    aot_tool=("$here/bin/aot/AuditSearch")
else
    echo "Native AOT publish failed (no C compiler/linker?); timing the JIT build only"
    aot_tool=()
fi

now() { date +%s.%N; }

less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# best_of CMD...: runs the command $runs times; keeps the fastest wall time in $best and that run's stdout in
# $out, and (for our tool) the fastest in-process search time in $inner.
best_of() {
    best=""; inner=""
    local start end t result i
    for _ in $(seq "$runs"); do
        start=$(now)
        result=$("$@")
        end=$(now)
        t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || less "$t" "$best"; then best="$t"; out="$result"; fi
        i=$(echo "$result" | sed -n 's/^elapsed \([0-9.]*\) s.*/\1/p')
        if [ -n "$i" ] && { [ -z "$inner" ] || less "$i" "$inner"; }; then inner="$i"; fi
    done
}

jit_cmd() { "${jit_tool[@]}" search "$file" "$prefix"; }
jit_later_cmd() { AUDIT_BENCH_WARMUP=2 "${jit_tool[@]}" search "$file" "$prefix"; }
aot_cmd() { "${aot_tool[@]}" search "$file" "$prefix"; }
grep_cmd() { LC_ALL=C grep -F -c -- "$prefix" "$file"; }
jq_cmd() { LC_ALL=C grep -F -- "$prefix" "$file" | jq -c --arg p "$prefix" 'select(.request.path | startswith($p))' | wc -l; }

count_of() { echo "$1" | awk '/^count/ { print $2 }'; }

rate() { awk -v m="$mb" -v t="$1" 'BEGIN { printf "%.0f", m / t }'; }
line() { printf '%-34s %7s s %6s MB/s  count %s%s\n' "$1" "$2" "$(rate "$2")" "$3" "$4"; }
goal() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? (v <= g) : (v >= g); print ok ? "met" : "NOT met" }'; }
ratios() {
    local label=$1 t=$2 count=$3 r1 r2
    r1=$(awk -v a="$t" -v b="$grep_t" 'BEGIN { printf "%.2f", a / b }')
    r2=$(awk -v a="$jq_t" -v b="$t" 'BEGIN { printf "%.1f", a / b }')
    echo "$label: ours/grep-F ${r1}x (goal <= 2x: $(goal "$r1" 2 le)), (grep+jq)/ours ${r2}x (goal >= 10x: $(goal "$r2" 10 ge)), count $( [ "$count" = "$jq_count" ] && echo "equals jq's" || echo "DIFFERS from jq's ($jq_count)")"
}

# bench_one FILE [SIZE_MB]: generates the log when SIZE_MB is given and the file is smaller, then times every contender.
bench_one() {
    file=$1; size_mb=${2:-}
    if [ -n "$size_mb" ] && { [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -lt $(( size_mb * 1024 * 1024 )) ]; }; then
        "${jit_tool[@]}" generate "$file" "$size_mb"
    fi

    bytes=$(stat -c %s "$file")
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
    echo
    echo "log: $file ($mb MB), prefix: $prefix, best of $runs runs each; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

    # Every contender reads from memory, from the same page-cache state: the file's cached pages are dropped
    # (dd's nocache, this file only) and read back in one pass. How a file came into the cache matters here:
    # read by readahead (or freshly written) it sits in large folios, but after the kernel has split or
    # reclaimed some of them (memory pressure, DAMON) copying it out costs up to twice as much, for grep as for us.
    dd if="$file" iflag=nocache count=0 status=none 2>/dev/null || true
    cat "$file" > /dev/null

    aot_t=""
    if [ ${#aot_tool[@]} -gt 0 ]; then
        best_of aot_cmd; aot_t=$best; aot_count=$(count_of "$out"); aot_inner=$inner
    fi
    best_of jit_cmd; jit_t=$best; jit_count=$(count_of "$out"); jit_inner=$inner
    best_of jit_later_cmd; later_count=$(count_of "$out"); later_inner=$inner
    best_of grep_cmd; grep_t=$best; grep_count=$out
    best_of jq_cmd; jq_t=$best; jq_count=$(echo "$out" | tr -d ' ')

    if [ -n "$aot_t" ]; then line "ours, Native AOT" "$aot_t" "$aot_count" " (in-process ${aot_inner} s)"; fi
    line "ours, Engine in-process, JIT, first search (no pwsh, no objects)" "$jit_inner" "$jit_count" " (whole process ${jit_t} s, runtime start-up included)"
    line "ours, JIT, a later search" "$later_inner" "$later_count" " (the third in the process, as every search after a session's first)"
    line "grep -F -c" "$grep_t" "$grep_count" " (lines holding the literal anywhere)"
    line "grep -F | jq select | wc -l" "$jq_t" "$jq_count" ""

    if [ -n "$aot_t" ]; then ratios "Native AOT" "$aot_t" "$aot_count"; fi
    ratios "Engine in-process, JIT, first search in a fresh runtime (no pwsh, no objects; whole pwsh processes: bench/VaultRunbook.Bench search)" "$jit_inner" "$jit_count"
    ratios "Engine in-process, JIT, a later search in the same runtime" "$later_inner" "$later_count"
    ratios "  for reference, JIT as a whole process" "$jit_t" "$jit_count"
}

if [ -n "${AUDIT_BENCH_FILE:-}" ]; then
    bench_one "$AUDIT_BENCH_FILE"
else
    for size in $sizes; do
        bench_one "/tmp/vaultrunbook-audit-bench-${size}mb.log" "$size"
    done
fi
