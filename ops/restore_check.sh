#!/usr/bin/env bash
# Back up a database with pg_dump and restore it with pg_restore, end to end, the way
# the README's "Backups" and "Restore" paragraphs say, and show that nothing was lost:
# every table's row count and content checksum are compared between the original and
# the restored copy, and Django finds every migration applied and no problem in the copy.
#
# It creates two scratch databases (salo_restore_src_<pid>, salo_restore_dst_<pid>) on
# the local PostgreSQL and drops them, and the dump file, when it ends, however it ends.
# It touches no other database.
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres ops/restore_check.sh
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
cd "$(dirname "$0")/.."

src="salo_restore_src_$$"
dst="salo_restore_dst_$$"
dump="$(mktemp --suffix=.dump)"
created=()

cleanup() {
    local db
    for db in "${created[@]}"; do
        dropdb --force --if-exists "$db" || echo "could not drop $db" >&2
    done
    rm -f "$dump"
}
trap cleanup EXIT

url() { echo "postgresql://${PGUSER}@${PGHOST}:${PGPORT}/$1"; }

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    echo "starting PostgreSQL"
    pg_ctlcluster "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
fi

# One line per table: "name count md5". The rows are ordered by their text, so the
# checksum does not depend on the physical order pg_restore leaves them in.
table_report() {
    local db="$1" table
    for table in $(psql -d "$db" -Atc \
        "select tablename from pg_tables where schemaname = 'public' order by tablename"); do
        psql -d "$db" -Atc "select '$table', count(*),
            coalesce(md5(string_agg(t::text, ',' order by t::text)), 'empty')
            from public.\"$table\" t" | tr '|' ' '
    done
    # The sequences too: a copy whose ids start again at 1 would refuse the next insert.
    psql -d "$db" -Atc "select '(sequences)', count(*),
        md5(string_agg(sequencename || '=' || coalesce(last_value, 0), ',' order by sequencename))
        from pg_sequences where schemaname = 'public'" | tr '|' ' '
}

echo "== source: $src"
createdb "$src"
created+=("$src")
DATABASE_URL="$(url "$src")" uv run python manage.py migrate --verbosity 0
demo_output=$(DATABASE_URL="$(url "$src")" uv run python manage.py demo --no-serve)
echo "${demo_output%%$'\n'*}"
table_report "$src" >"$dump.src"

echo "== backup: pg_dump -Fc"
pg_dump -Fc -d "$src" -f "$dump"
echo "dump: $(du -h "$dump" | cut -f1)"

echo "== restore into: $dst"
createdb "$dst"
created+=("$dst")
pg_restore --clean --if-exists --no-owner -d "$dst" "$dump"
table_report "$dst" >"$dump.dst"

echo "== compare"
tables=$(($(wc -l <"$dump.src") - 1))
for table in programmes_action programmes_actionstatusupdate indicators_indicator \
    indicators_indicatorvalue auth_user django_migrations '(sequences)'; do
    awk -v t="$table" '$1 == t { printf "  %-32s %6s rows  %s\n", $1, $2, $3 }' "$dump.src"
done
counts_equal=no checksums_equal=no
if cmp -s <(cut -d' ' -f1,2 "$dump.src") <(cut -d' ' -f1,2 "$dump.dst"); then counts_equal=yes; fi
if cmp -s "$dump.src" "$dump.dst"; then checksums_equal=yes; fi
rm -f "$dump.src" "$dump.dst"
if [[ $counts_equal != yes || $checksums_equal != yes ]]; then
    diff <(table_report "$src") <(table_report "$dst") >&2 || true
    echo "FAILED: the restored database differs from the original" >&2
    exit 1
fi

echo "== Django against the restored database"
DATABASE_URL="$(url "$dst")" uv run python manage.py migrate --check --verbosity 0
echo "migrate --check: every migration applied"
DATABASE_URL="$(url "$dst")" uv run python manage.py check --database default

echo "restored: $tables tables, counts equal, checksums equal"
