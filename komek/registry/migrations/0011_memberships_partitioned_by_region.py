"""PostgreSQL: the family memberships partitioned by region (ADR 0069, ``komek.common.partitions``).

The table is rebuilt with its rows, ids, sequence, indexes, keys and grants, as the incomes were
(0009): one partition per region of the country on the first digits of ``territory``, the family's
address, and a default one. A foreign key on ``(family, territory)`` to the family's ``(id,
kato_code)`` holds every membership's territory equal to its family's address and cascades on
update: when a family moves, the database moves its memberships with it (across partitions when the
region changes). That key also proves the family exists and refuses deleting a family that has
members, so the membership's plain key to the family goes, as the income's to the person did.

A membership has two invariants, and a partitioned table holds a unique index within each
partition only:

- one current head per family (``membership_one_head``): the family is in one partition, so the
  index with the territory appended holds it as before;
- one current family per person (``membership_one_current_family``): a person may be a member of
  families in two regions, so the index goes, and a trigger holds it. After each statement that
  writes memberships (``INSERT``, ``UPDATE``, a family's move included) it looks, set-based, at
  the persons of the statement's current memberships (the transition table) for one with two. It
  first locks those persons' rows (``FOR NO KEY UPDATE``), so that two transactions giving one person
  a current family in two regions are serialised: the second waits, then sees the first's row and
  is refused. A statement of more than ``LOCK_ROWS`` current memberships (a bulk load) locks the
  memberships table against other writers instead (``SHARE ROW EXCLUSIVE``). The refusal is a
  unique violation naming the constraint, as the index's was.

Django's state still holds the unique constraint and the plain key; a later migration of them must
not put them back on PostgreSQL. Nothing is done on SQLite, where the index and the key stay."""

from django.db import migrations

from komek.common import partitions

TABLE = "registry_membership"
FAMILY_KEY = "registry_family_id_kato"
GUARD = "membership_territory_of_family"
ONE_FAMILY = "membership_one_current_family"
LOCK_ROWS = 10_000
FUNCTION = f"""
CREATE FUNCTION {ONE_FAMILY}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    found bigint;
BEGIN
    IF (SELECT count(*) FROM written WHERE valid_to IS NULL) > {LOCK_ROWS} THEN
        LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE;
    ELSE
        PERFORM 1 FROM registry_person p
        WHERE p.id IN (SELECT person_id FROM written WHERE valid_to IS NULL)
        ORDER BY p.id FOR NO KEY UPDATE;
    END IF;
    SELECT m.person_id INTO found
    FROM {TABLE} m
    WHERE m.valid_to IS NULL AND m.person_id IN (SELECT person_id FROM written WHERE valid_to IS NULL)
    GROUP BY m.person_id HAVING count(*) > 1
    LIMIT 1;
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'duplicate key value violates unique constraint "{ONE_FAMILY}"'
            USING ERRCODE = 'unique_violation', CONSTRAINT = '{ONE_FAMILY}',
                  DETAIL = 'A person has one current family at most.';
    END IF;
    RETURN NULL;
END
$$
"""
TRIGGERS = {
    f"{ONE_FAMILY}_insert": "INSERT",
    f"{ONE_FAMILY}_update": "UPDATE",
}


def _plain_family_keys(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return [name for name, info in found.items() if info["foreign_key"] and info["columns"] == ["family_id"]]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    partitions.partition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {ONE_FAMILY}")  # within a partition only: the trigger holds it
        cursor.execute(FUNCTION)
        for name, event in TRIGGERS.items():
            cursor.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {TABLE} REFERENCING NEW TABLE AS written "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {ONE_FAMILY}()"
            )
        cursor.execute(f"CREATE UNIQUE INDEX {FAMILY_KEY} ON registry_family (id, kato_code)")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {GUARD} FOREIGN KEY (family_id, territory) "
            f"REFERENCES registry_family (id, kato_code) ON UPDATE CASCADE"
        )
        for name in _plain_family_keys(schema_editor):
            cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {schema_editor.quote_name(name)}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {GUARD}")
        cursor.execute(f"DROP INDEX {FAMILY_KEY}")
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name} ON {TABLE}")
        cursor.execute(f"DROP FUNCTION {ONE_FAMILY}()")
    partitions.unpartition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX {ONE_FAMILY} ON {TABLE} (person_id) WHERE valid_to IS NULL")
    if not _plain_family_keys(schema_editor):
        model = apps.get_model("registry", "Membership")
        field = model._meta.get_field("family")
        schema_editor.execute(schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_membership_territory")]
    operations = [migrations.RunPython(forwards, backwards)]
