"""Large tables partitioned by region on PostgreSQL (ADR 0053).

A table is partitioned by ``RANGE`` on a KATO column of its own (the audit log's ``territory``):
one partition per region of the country (the first two digits of the code: ``75`` Almaty, ``71``
Astana, ``79`` Shymkent, ``35`` the Karaganda region where Balkhash is, ...), holding the codes
from ``'75'`` to ``'76'``, and a ``DEFAULT`` partition for every other value (an empty territory:
a row that concerns nobody known). The key is the KATO column itself, not a column derived from
it, so no writer changes (the ORM, ``COPY`` and every set-based ``INSERT ... SELECT`` fill the
column as before), and a territorial query prunes as soon as it states its prefix as a range
(``komek.accounts.policy.prefixes_q`` adds ``>= '3516' AND < '3517'`` beside the ``LIKE``, which
the planner cannot prune on).

:func:`partition` converts a table that exists, with its rows, in the caller's transaction (a
migration's): the table is renamed aside, its sequence's position read and its indexes,
constraints, triggers and grants captured; the partitioned table is created under the old name
(``LIKE`` the old one: columns, defaults, ``NOT NULL`` and check constraints), its partitions
added, the rows copied with one ``INSERT ... SELECT``; then the sequence (same name, same
position), the indexes and constraints under their old names (a primary key or unique one with
the partition key appended, as PostgreSQL requires), the triggers and the grants (on the parent
only: the partitions are revoked from every role but the owner, and reached through the parent) are
put back and the old table dropped. :func:`unpartition` is its reverse. A table that a foreign key
references is refused: a key to a partitioned table must name the partition key, which Django's
plain keys cannot, so the migration drops those keys first and makes them again on (id, partition
key), as benefits 0010 does for the assignments (ADR 0068). PostgreSQL only: on SQLite nothing is
done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: The regions of the country by their KATO code's first two digits (the classifier of
#: administrative-territorial units, level 1: the 17 regions and the 3 cities of republican
#: significance). A region added later gets its partition with :func:`add_region`.
REGIONS = (
    "10", "11", "15", "19", "23", "27", "31", "33", "35", "39",
    "43", "47", "55", "59", "61", "62", "63", "71", "75", "79",
)  # fmt: skip

#: The tables partitioned by region, and the KATO column each is partitioned on: the audit log
#: (ADR 0053), the payment lines on their assignment's address (ADR 0057), the monthly incomes
#: on their person's (ADR 0066), the assignments on their beneficiary's when assigned (ADR 0068),
#: the family memberships on their family's (ADR 0069) and the persons on their own (ADR 0070).
TABLES = {
    "common_auditlog": "territory",
    "payments_paymentline": "territory",
    "registry_income": "territory",
    "benefits_assignment": "kato_code",
    "registry_membership": "territory",
    "registry_person": "kato_code",
}

#: Foreign keys made partition to partition (ADR 0072), by the table that holds them: its columns,
#: the table referred to (partitioned on the same bounds), its columns, and the key's name. Each
#: partition of the table refers to the partition of the same region of the other, which holds
#: every row its rows may refer to: a row's key names the address it is partitioned on. A check
#: then reads one table, not the 21 partitions of a partitioned one.
PAIRED_KEYS = {
    "payments_paymentline": (
        "assignment_id, territory", "benefits_assignment", "id, kato_code",
        "payment_line_territory_of_assignment",
    ),
}  # fmt: skip

IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
ASIDE = "_unpartitioned"


def _ident(name: str) -> str:
    if not IDENT.match(name):
        raise ValueError(f"Not a plain identifier: {name!r}")
    return name


def partition_name(table: str, region: str | None) -> str:
    """``common_auditlog_r75`` for a region, ``common_auditlog_other`` for the default partition."""
    return _ident(f"{table}_r{region}" if region is not None else f"{table}_other")


def upper_bound(prefix: str) -> str | None:
    """The first code after every code starting with ``prefix`` (``'3516'`` gives ``'3517'``,
    ``'759'`` gives ``'760'``); None for an empty or all-nines prefix or one that is not digits."""
    if not prefix.isdigit() or set(prefix) == {"9"}:
        return None
    return str(int(prefix) + 1).zfill(len(prefix))


@dataclass(frozen=True)
class _Captured:
    """What a table carries besides its rows, read from the catalogue before it is rebuilt."""

    sequence: tuple[str, int, bool] | None  # the id sequence's name, last value, is_called
    constraints: list[tuple[str, str, str]]  # name, definition, kind (p, u, f, x)
    indexes: list[tuple[str, str]]  # name, definition (indexes that back no constraint)
    triggers: list[str]  # definitions
    grants: list[tuple[str, str]]  # grantee, privilege
    sequence_grants: list[tuple[str, str]]


def _rows(cursor: Any, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return list(cursor.fetchall())


def _capture(cursor: Any, table: str) -> _Captured:
    (referenced,) = _rows(
        cursor,
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = %s::regclass "
        "AND conrelid <> confrelid",
        [table],
    )[0]
    if referenced:  # the caller drops those keys first and makes them again with the partition key
        raise ValueError(
            f"{table} is referenced by a foreign key: drop it first, then make it again on the "
            "partition key as well (ADR 0053, ADR 0068)."
        )
    sequence = None
    (name,) = _rows(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [table])[0]
    if name:
        last, called = _rows(cursor, f"SELECT last_value, is_called FROM {name}", [])[0]  # noqa: S608
        sequence = (str(name), int(last), bool(called))
    constraints = [
        (str(n), str(d), str(k))
        for n, d, k in _rows(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f', 'x') AND conparentid = 0 "
            "ORDER BY contype = 'f', conname",
            [table],
        )
    ]
    indexes = [
        (str(n), str(d))
        for n, d in _rows(
            cursor,
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
            "AND k.conrelid = i.indrelid) ORDER BY c.relname",
            [table],
        )
    ]
    triggers = [
        str(d)
        for (d,) in _rows(
            cursor,
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass "
            "AND NOT tgisinternal AND tgparentid = 0 ORDER BY tgname",
            [table],
        )
    ]
    return _Captured(
        sequence, constraints, indexes, triggers, _grants(cursor, table),
        _grants(cursor, sequence[0]) if sequence else [],
    )  # fmt: skip


def _grants(cursor: Any, relation: str) -> list[tuple[str, str]]:
    """The privileges on a table or sequence held by roles other than its owner."""
    return [
        (str(g), str(p))
        for g, p in _rows(
            cursor,
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, "
            "a.privilege_type FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.oid = %s::regclass AND a.grantee <> c.relowner ORDER BY 1, 2",
            [relation],
        )
    ]


def _with_key(definition: str, key: str) -> str:
    """A primary key's or unique index's column list with the partition key appended (when missing)."""
    start = definition.index("(")
    depth, end = 0, start
    for i in range(start, len(definition)):
        depth += {"(": 1, ")": -1}.get(definition[i], 0)
        if depth == 0:
            end = i
            break
    columns = [c.strip().strip('"') for c in definition[start + 1 : end].split(",")]
    if key in columns:
        return definition
    return f"{definition[:end]}, {key}{definition[end:]}"


def _without_key(definition: str, key: str) -> str:
    """The reverse of :func:`_with_key`: the partition key appended last taken out again."""
    return re.sub(rf',\s*"?{key}"?\)', ")", definition, count=1)


def _rebuild(schema_editor: Any, table: str, key: str, *, partitioned: bool) -> None:
    """Rebuild ``table`` as partitioned by ``key`` (or back as one plain table), rows and all."""
    table, key = _ident(table), _ident(key)
    aside = _ident(f"{table[: 63 - len(ASIDE)]}{ASIDE}")
    # Identifiers are checked plain (``_ident``) and catalogue values are the catalogue's own.
    with schema_editor.connection.cursor() as cursor:
        run = cursor.execute
        run("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses tables with pending checks
        run(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        captured = _capture(cursor, table)
        _set_aside(cursor, table, aside, captured)
        by = f" PARTITION BY RANGE ({key})" if partitioned else ""
        run(
            f"CREATE TABLE {table} (LIKE {aside} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            f"INCLUDING STORAGE INCLUDING COMMENTS){by}"
        )
        if partitioned:
            for region in REGIONS:
                _create_partition(cursor, table, region)
            run(f"CREATE TABLE {partition_name(table, None)} PARTITION OF {table} DEFAULT")
            _revoke_partition(cursor, partition_name(table, None))
        run(f"INSERT INTO {table} SELECT * FROM {aside}")  # noqa: S608 (identifiers checked)
        _restore(cursor, table, key, captured, partitioned=partitioned)
        run(f"DROP TABLE {aside}")
        for definition in captured.triggers:
            run(definition)
        _revoke(cursor, table)  # the owner's default privileges gave the new table more than the old had
        for grantee, privilege in captured.grants:
            run(f"GRANT {privilege} ON {table} TO {grantee}")
        run(f"ANALYZE {table}")
        run("SET CONSTRAINTS ALL DEFERRED")


def _set_aside(cursor: Any, table: str, aside: str, captured: _Captured) -> None:
    """The old table renamed, its keys and indexes dropped (their names free), its id sequence gone."""
    run = cursor.execute
    run(f"ALTER TABLE {table} RENAME TO {aside}")
    for name, _definition, _kind in reversed(captured.constraints):  # foreign keys first
        run(f"ALTER TABLE {aside} DROP CONSTRAINT {_ident(name)}")
    for name, _definition in captured.indexes:
        run(f"DROP INDEX {_ident(name)}")
    if captured.sequence:  # the id's sequence goes with the old table: its position is kept
        (identity,) = _rows(
            cursor,
            "SELECT attidentity <> '' FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'id'",
            [aside],
        )[0]
        run(f"ALTER TABLE {aside} ALTER COLUMN id " + ("DROP IDENTITY" if identity else "DROP DEFAULT"))
        if not identity:
            run(f"DROP SEQUENCE {captured.sequence[0]}")


def _restore(cursor: Any, table: str, key: str, captured: _Captured, *, partitioned: bool) -> None:
    """The id sequence at its position, the keys and the indexes under their names on the new table."""
    run = cursor.execute
    if captured.sequence:
        _name, last, called = captured.sequence
        sequence = _ident(f"{table}_id_seq")
        run(f"CREATE SEQUENCE {sequence} AS bigint OWNED BY {table}.id")
        run("SELECT setval(%s, %s, %s)", [sequence, last, called])
        run(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{sequence}'::regclass)")
        _revoke(cursor, sequence, "SEQUENCE ")
        for grantee, privilege in captured.sequence_grants:
            run(f"GRANT {privilege} ON SEQUENCE {sequence} TO {grantee}")
    for name, definition, kind in captured.constraints:
        if kind in ("p", "u"):
            definition = _with_key(definition, key) if partitioned else _without_key(definition, key)
        run(f"ALTER TABLE {table} ADD CONSTRAINT {_ident(name)} {definition}")
    for _name, definition in captured.indexes:  # read before the rename: they name ``table``
        if definition.startswith("CREATE UNIQUE"):
            definition = _with_key(definition, key) if partitioned else _without_key(definition, key)
        run(definition)


def _create_partition(cursor: Any, table: str, region: str) -> None:
    if not (len(region) == 2 and region.isdigit()):  # noqa: PLR2004
        raise ValueError(f"A region is the two first digits of a KATO code, not {region!r}.")
    name = partition_name(table, region)
    upper = upper_bound(region)
    until = f"'{upper}'" if upper else "MAXVALUE"
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {table} FOR VALUES FROM ('{region}') TO ({until})")
    _revoke_partition(cursor, name)


def _revoke(cursor: Any, name: str, kind: str = "") -> None:
    """Every privilege on a table (or ``kind`` ``"SEQUENCE "``) taken from every role but its owner."""
    for grantee in sorted({g for g, _p in _grants(cursor, name)}):
        cursor.execute(f"REVOKE ALL ON {kind}{name} FROM {grantee}")


def _revoke_partition(cursor: Any, name: str) -> None:
    """A partition is reached through its parent only (whose grants PostgreSQL checks): the
    default privileges that gave it to the application's role are taken back, so the role cannot
    read or write it directly either."""
    _revoke(cursor, name)


def partition(schema_editor: Any, table: str) -> None:
    """Partition ``table`` (one of :data:`TABLES`) by region, with its rows (PostgreSQL only)."""
    if schema_editor.connection.vendor == "postgresql":
        _rebuild(schema_editor, table, TABLES[table], partitioned=True)


def unpartition(schema_editor: Any, table: str) -> None:
    """Make ``table`` one plain table again, with its rows (PostgreSQL only)."""
    if schema_editor.connection.vendor == "postgresql":
        _rebuild(schema_editor, table, TABLES[table], partitioned=False)


def add_region(connection: Any, table: str, region: str) -> None:
    """A partition for a region created after the migration (the default partition must hold no
    row of that region: PostgreSQL checks it and refuses otherwise). A table with keys made
    partition to partition (:data:`PAIRED_KEYS`) gets its partition's key too: the table it refers
    to gets the region's partition first."""
    with connection.cursor() as cursor:
        _create_partition(cursor, _ident(table), region)
        if table in PAIRED_KEYS:
            _pair(cursor, table, partition_name(table, region).removeprefix(f"{table}_"))


def _pair(cursor: Any, table: str, suffix: str) -> None:
    """The key of the partition ``{table}_{suffix}`` (``r35``, ``other``) to the same partition of the
    table it refers to."""
    columns, referred, referred_columns, key = PAIRED_KEYS[table]
    cursor.execute(
        f"ALTER TABLE {_ident(f'{table}_{suffix}')} ADD CONSTRAINT {_ident(f'{key}_{suffix}')} "
        f"FOREIGN KEY ({columns}) REFERENCES {_ident(f'{referred}_{suffix}')} ({referred_columns})"
    )


def _suffixes(connection: Any, table: str) -> list[str]:
    """``r35``, ..., ``other``: the partitions of ``table`` as they exist, a region added later included."""
    return [name.removeprefix(f"{table}_") for name in partitions_of(connection, table)]


def pair_keys(schema_editor: Any, table: str) -> None:
    """Make ``table``'s key of :data:`PAIRED_KEYS` on each of its partitions, to the partition of the
    same region of the table it refers to, in place of the one key on the parent (PostgreSQL only).
    Each is checked against the rows already there."""
    if schema_editor.connection.vendor != "postgresql":
        return
    key = PAIRED_KEYS[table][3]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {_ident(table)} DROP CONSTRAINT {_ident(key)}")
        for suffix in _suffixes(schema_editor.connection, table):
            _pair(cursor, table, suffix)


def unpair_keys(schema_editor: Any, table: str) -> None:
    """The reverse of :func:`pair_keys`: one key on the parent, to the parent."""
    if schema_editor.connection.vendor != "postgresql":
        return
    columns, referred, referred_columns, key = PAIRED_KEYS[table]
    with schema_editor.connection.cursor() as cursor:
        for suffix in _suffixes(schema_editor.connection, table):
            partition, paired = _ident(f"{table}_{suffix}"), _ident(f"{key}_{suffix}")
            cursor.execute(f"ALTER TABLE {partition} DROP CONSTRAINT IF EXISTS {paired}")
        cursor.execute(
            f"ALTER TABLE {_ident(table)} ADD CONSTRAINT {_ident(key)} FOREIGN KEY ({columns}) "
            f"REFERENCES {_ident(referred)} ({referred_columns})"
        )


def partitions_of(connection: Any, table: str) -> list[str]:
    """The partitions of ``table`` (empty when it is not partitioned, and on SQLite)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        return [
            str(n)
            for (n,) in _rows(
                cursor,
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
                [table],
            )
        ]
