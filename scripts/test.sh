#!/usr/bin/env bash
# The whole suite on the embedded SQLite, then again on PostgreSQL when one is reachable
# (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/komek). Under CI=true a missing
# PostgreSQL or a missing browser is a failure, not a skip. Each run is spread over pytest-xdist
# workers (KOMEK_TEST_WORKERS, default auto: one per core); every worker has its own var directory
# (komek/settings.py) and its own PostgreSQL test database (pytest-django adds the worker's id).
# --dist loadgroup keeps the tests of one xdist_group on one worker (the demo year of 2018 is made
# once for its module: komek/demo/tests/test_year_2018.py); other tests are spread as by --dist load.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export KOMEK_VAR_DIR="${KOMEK_VAR_DIR:-$PWD/var/test}"
mkdir -p "$KOMEK_VAR_DIR"
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/komek}"
WORKERS="${KOMEK_TEST_WORKERS:-auto}"

echo "== Lint (ruff) and the layer contracts (import-linter)"
.venv/bin/ruff check .
.venv/bin/lint-imports

echo "== Test suite on SQLite ($WORKERS workers)"
SECONDS=0
env -u DATABASE_URL "$PY" -m pytest -n "$WORKERS" --dist loadgroup "$@"
echo "== SQLite: ${SECONDS}s"

if "$PY" - "$PG_URL" <<'PYEOF'
import sys
import dj_database_url
import psycopg
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
except Exception as exc:  # report the reason, then let the shell decide skip or fail
    print(f"PostgreSQL not reachable: {exc.__class__.__name__}", file=sys.stderr)
    sys.exit(1)
PYEOF
then
    echo "== Test suite on PostgreSQL ($WORKERS workers)"
    SECONDS=0
    DATABASE_URL="$PG_URL" "$PY" -m pytest -n "$WORKERS" --dist loadgroup "$@"
    echo "== PostgreSQL: ${SECONDS}s"
elif [ "${CI:-}" = "true" ]; then
    echo "CI=true and PostgreSQL is not reachable at the configured address: failing." >&2
    exit 1
else
    echo "== PostgreSQL not reachable: the PostgreSQL run is skipped (set DATABASE_URL to enable it)."
fi
