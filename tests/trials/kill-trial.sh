#!/usr/bin/env bash
# Kill trial: N random SIGKILLs of the order run and N of the intake, then one run of each to the
# end, on a fresh database of the server in use; prints what an operator must never see:
# duplicated orders, lost orders or files, documents archived twice, repeated or missing answers.
# Every figure must be 0. Usage: tests/trials/kill-trial.sh [N] (default 20). Needs ./settle's
# embedded PostgreSQL (or SETTLEMENT_DB) and psql. Not part of ./run-tests (it takes minutes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-20}"
settle="$here/settle"
base="${SETTLEMENT_DB:-$("$settle" db url)}"
name="settlement_trial_$$"
db="$(sed -E "s/Database=[^;]*/Database=$name/" <<<"$base")"
host=$(sed -E 's/.*Host=([^;]*).*/\1/' <<<"$base"); port=$(sed -E 's/.*Port=([^;]*).*/\1/' <<<"$base"); user=$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$base")
q() { psql -h "$host" -p "$port" -U "$user" -d "$name" -tAc "$1"; }
work="$(mktemp -d)"; outbox="$work/outbox"; mkdir -p "$outbox"
cleanup() { psql -h "$host" -p "$port" -U "$user" -d postgres -qc "drop database if exists $name" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
psql -h "$host" -p "$port" -U "$user" -d postgres -qc "create database $name" >/dev/null
"$settle" tariff import "$here/samples/tariff.json" --db "$db" >/dev/null
"$settle" events import "$here/samples/demo-events.jsonl" --db "$db" >/dev/null 2>&1 || true

# Kills at random moments between 0.3 s and 4 s into a run; each run starts where the last was killed.
kill_at_random() { # $1: log name; the rest: the command
  local log="$1"; shift
  for i in $(seq 1 "$n"); do
    "$@" >>"$work/$log" 2>&1 & local pid=$!
    sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * 3.7 }')"
    kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  done
  "$@" >>"$work/$log" 2>&1
}

date=2025-06-30
kill_at_random orders.log "$settle" run orders --date "$date" --db "$db" --outbox "$outbox"
orders=$(q "select count(*) from orders")
duplicated=$(q "select count(*) - count(distinct order_key) from orders")
pending=$(q "select count(*) from outbox where order_number is not null and status <> 'written'")
files=$(ls "$outbox" | grep -c '^IN' || true)
missing=$(q "select count(*) from outbox where order_number is not null" | awk -v f="$files" '{ print $1 - f }')

# The intake: the demo's kind of documents, one file each, against orders this database does not
# have, so every one is decided (rejected) and answered: each must be archived once and answered once.
mkdir -p "$work/inbox"
src="$here/out/inbox"
[ -d "$src" ] && [ -n "$(ls "$src")" ] || { echo "kill-trial: run ./settle demo first (its out/inbox documents are the intake's input)" >&2; exit 2; }
ls "$src" | head -n 1500 | while read -r f; do cp "$src/$f" "$work/inbox/"; done
kill_at_random intake.log "$settle" inbox import "$work/inbox" --db "$db" --outbox "$outbox" --date 2025-07-01
documents=$(ls "$work/inbox" | wc -l)
archived_twice=$(q "select count(*) - count(distinct source) from inbound_documents")
undecided=$(q "select count(*) from inbound_documents d where not exists (select 1 from inbound_outcomes o where o.document_id = d.id)")
answers=$(q "select count(*) from responses")
answered_docs=$(q "select count(distinct document_id) from responses")
# The demo's inbox holds real resends (the same bytes under another name): each is a duplicate and
# gets the first answer again, once. Any other repeated answer is a delivery answered twice.
resends=$(q "select count(*) from inbound_outcomes o join inbound_documents d on d.id = o.document_id
  join inbound_documents f on f.id = o.duplicate_of where o.outcome = 'duplicate' and d.source <> f.source")
repeated=$(( $(ls "$outbox" | grep -c -- '-igen-' || true) - resends ))
unanswerable=$(q "select count(*) from inbound_outcomes o where o.duplicate_of is null and not exists (select 1 from responses r where r.document_id = o.document_id)")

printf 'kills: %s of the order run, %s of the intake\n' "$n" "$n"
printf 'order run: %s orders; duplicated %s, pending after the last run %s, files missing %s\n' "$orders" "$duplicated" "$pending" "$missing"
printf 'intake: %s files (%s real resends); archived twice %s, undecided %s, answers %s for %s documents; repeated answers %s, documents without an answer %s\n' \
  "$documents" "$resends" "$archived_twice" "$undecided" "$answers" "$answered_docs" "$repeated" "$unanswerable"
[ "$duplicated$pending$missing$archived_twice$undecided$repeated$unanswerable" = "0000000" ] && [ "$answers" = "$answered_docs" ] \
  && [ $((answered_docs + resends)) = "$documents" ]
