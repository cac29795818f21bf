#!/usr/bin/env bash
# Events import at scale: generates a realistic event file of N lines (default 1,000,000; see
# events-gen.cs), imports it twice into a fresh database of the server in use, and prints for each
# run the import's counts, peak RSS, wall time and settle's processor time (GNU time). The second
# run must report every line already imported; the last lines fingerprint the log's verdicts (equal
# for two builds that decide alike) and verify its chain. Usage: tests/trials/events-1m.sh [N] [FILE].
# SETTLE overrides the program run (e.g. "dotnet /tmp/old/settle.dll" to measure another build).
# Needs psql and /usr/bin/time.
# Not part of ./run-tests (it takes minutes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-1000000}"
file="${2:-${TMPDIR:-/tmp}/events-$n.jsonl}"
read -r -a settle <<<"${SETTLE:-$here/settle}"
base="${SETTLEMENT_DB:-$("$here/settle" db url)}"
name="settlement_events_$$"
db="$(sed -E "s/Database=[^;]*/Database=$name/" <<<"$base")"
host=$(sed -E 's/.*Host=([^;]*).*/\1/' <<<"$base"); port=$(sed -E 's/.*Port=([^;]*).*/\1/' <<<"$base"); user=$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$base")
admin() { psql -h "$host" -p "$port" -U "$user" -d postgres -qc "$1" >/dev/null; }
work="$(mktemp -d)"
cleanup() { admin "drop database if exists $name with (force)" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

[ -f "$file" ] || dotnet run "$here/tests/trials/events-gen.cs" -- "$file" "$n"
admin "create database $name"
"${settle[@]}" tariff import "$here/samples/tariff.json" --db "$db" >/dev/null
for run in first second; do
  /usr/bin/time -v -o "$work/time" "${settle[@]}" events import "$file" --db "$db" >"$work/out" 2>"$work/err"
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$work/time")
  echo "$run import: $(head -n 1 "$work/out"); peak RSS $rss MiB; wall $wall; processor $cpu s (settle only)"
done
psql -h "$host" -p "$port" -U "$user" -d "$name" -tAc \
  "select 'log rows ' || count(*) || ', accepted ' || count(*) filter (where status = 'accepted') || ', codes ' || md5(string_agg(source_line || ':' || coalesce(code, '-'), ',' order by seq)) from event_log"
"${settle[@]}" events verify --db "$db"
