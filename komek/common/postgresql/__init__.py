"""Django's PostgreSQL backend, told which tables are partitioned (ADR 0070)."""
