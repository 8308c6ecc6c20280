"""PostgreSQL: the persons partitioned by region (ADR 0070, ``komek.common.partitions``).

The table is rebuilt with its rows, ids, sequence, indexes, keys and grants, as the incomes, the
assignments and the memberships were: one partition per region of the country on the first digits
of ``kato_code`` (the registered address) and a default one. Its primary key takes ``kato_code``
in, as PostgreSQL requires, so the unique index on ``(id, kato_code)`` made for the incomes' key
(0009) goes.

A key that refers to a partitioned table must name its partition key, so every key to a person is
rewritten here, in the tables of every context that holds one: each names the person with their
address, which those rows carry beside the person (``person_territory``, ``applicant_territory``,
...: the migrations ``person_address_carried`` of each context). Each key cascades on update: a
person who moves takes the address of every row that refers to them along, as the incomes' key
already did. A nullable key gets a check that the person and the address are given together (a key
with one column empty is not checked). The keys stay deferred as Django's were, and refuse deleting
a person referred to, as before.

The unique IIN would hold only within a partition: a person who moves between regions keeps their
IIN. So the unique constraint goes, a plain index serves the lookups by IIN, and a trigger holds
one person per IIN. After each statement that writes persons it looks, set-based, at the
statement's IINs (the transition table) for one held twice. It first takes a transaction lock on
each bucket of the statement's IINs (``BUCKETS`` of them, by a hash of the IIN), in order, so that
two transactions registering one IIN in two regions are serialised: the second waits, then sees
the first's row and is refused. Two registering different IINs wait on each other only when their
buckets meet, until the first commits. A transaction holds ``BUCKETS`` advisory locks at most,
whatever it writes (a bulk load of millions included). The refusal is a unique violation naming
the constraint, as the constraint's was.

Django's state keeps the fields as foreign keys and the IIN unique; a later migration of them must
not put the plain keys or the constraint back. Nothing is done on SQLite."""

from django.db import migrations

from komek.common import partitions

TABLE = "registry_person"
PAIR_INDEX = "registry_person_id_kato"
IIN_KEY = "registry_person_iin_key"
IIN_INDEX = "registry_person_iin"
# The IINs are locked by bucket: a transaction holds at most this many advisory locks, however
# many persons it writes (PostgreSQL's lock table is shared and sized for tens per transaction).
BUCKETS = 64

# (model, foreign key to the person, the field carrying the person's address)
CARRIERS = [
    ("registry", "Membership", "person", "person_territory"),
    ("registry", "PersonStatus", "person", "person_territory"),
    ("registry", "Document", "person", "person_territory"),
    ("applications", "Application", "applicant", "applicant_territory"),
    ("applications", "IntakeRefusal", "applicant", "applicant_territory"),
    ("awards", "AwardCase", "person", "person_territory"),
    ("benefits", "Assignment", "person", "person_territory"),
    ("benefits", "Assignment", "recipient", "recipient_territory"),
    ("category_payments", "PaymentListRow", "person", "person_territory"),
    ("centres", "Registration", "person", "person_territory"),
    ("centres", "Service", "person", "person_territory"),
    ("charity", "HelpLine", "person", "person_territory"),
    ("commissions", "Case", "person", "person_territory"),
    ("employment", "ActivationItem", "person", "person_territory"),
    ("employment", "ContestEntry", "person", "person_territory"),
    ("employment", "ExchangeApplicant", "person", "person_territory"),
    ("employment", "Jobseeker", "person", "person_territory"),
    ("employment", "MicrocreditReferral", "person", "person_territory"),
    ("employment", "Participation", "person", "person_territory"),
    ("employment", "StatusCase", "person", "person_territory"),
    ("employment", "TipoEnrolment", "person", "person_territory"),
    ("employment", "YouthParticipation", "person", "person_territory"),
    ("migration", "Consultation", "person", "person_territory"),
    ("migration", "Invitation", "inviter", "inviter_territory"),
    ("migration", "KandasMember", "person", "person_territory"),
    ("migration", "KandasStatus", "person", "person_territory"),
    ("portal", "OutboxMessage", "person", "person_territory"),
    ("portal", "SignInCode", "person", "person_territory"),
    ("proactive", "Item", "contact", "contact_territory"),
    ("proactive", "Item", "person", "person_territory"),
    ("proactive", "Notice", "person", "person_territory"),
    ("rehabilitation", "CareEnrolment", "person", "person_territory"),
    ("rehabilitation", "Entitlement", "person", "person_territory"),
    ("rehabilitation", "HoursRecord", "person", "person_territory"),
    ("rehabilitation", "Ipr", "person", "person_territory"),
    ("rehabilitation", "Issue", "person", "person_territory"),
    ("rehabilitation", "Placement", "person", "person_territory"),
    ("rehabilitation", "ProjectBeneficiary", "person", "person_territory"),
    ("rehabilitation", "QueueEntry", "person", "person_territory"),
    ("rehabilitation", "SpecialStay", "person", "person_territory"),
    ("rehabilitation", "Voucher", "person", "person_territory"),
    ("veterans", "Veteran", "person", "person_territory"),
]
INCOME_KEY = (
    "ALTER TABLE registry_income ADD CONSTRAINT income_territory_of_person FOREIGN KEY "
    f"(person_id, territory) REFERENCES {TABLE} (id, kato_code) ON UPDATE CASCADE"
)
FUNCTION = f"""
CREATE FUNCTION person_one_per_iin() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    found text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('{TABLE}.iin'), w.bucket)
    FROM (SELECT DISTINCT hashtext(iin) & {BUCKETS - 1} AS bucket FROM written ORDER BY 1) w;
    SELECT p.iin INTO found
    FROM {TABLE} p
    WHERE p.iin IN (SELECT iin FROM written)
    GROUP BY p.iin HAVING count(*) > 1
    LIMIT 1;
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'duplicate key value violates unique constraint "{IIN_KEY}"'
            USING ERRCODE = 'unique_violation', CONSTRAINT = '{IIN_KEY}',
                  DETAIL = 'A person is registered once, under one IIN.';
    END IF;
    RETURN NULL;
END
$$
"""
TRIGGERS = {"person_one_per_iin_insert": "INSERT", "person_one_per_iin_update": "UPDATE"}


def _carriers(apps):
    """(table, key column, address column, nullable, model, field) of every carrier."""
    for app, model_name, key, address in CARRIERS:
        model = apps.get_model(app, model_name)
        field = model._meta.get_field(key)
        yield model._meta.db_table, field.column, address, field.null, model, field


def _pair_key(table: str, address: str) -> str:
    return f"{table}_{address}_key"


def _pair_check(table: str, address: str) -> str:
    return f"{table}_{address}_given"


def _plain_keys(cursor, table: str, column: str) -> list[str]:
    """The foreign keys of ``table`` on ``column`` alone that refer to a person."""
    cursor.execute(
        "SELECT k.conname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid "
        "AND a.attnum = ALL (k.conkey) WHERE k.contype = 'f' AND k.conrelid = %s::regclass "
        "AND k.confrelid = %s::regclass AND k.conparentid = 0 AND cardinality(k.conkey) = 1 "
        "AND a.attname = %s",
        [table, TABLE, column],
    )
    return [name for (name,) in cursor.fetchall()]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    carriers = list(_carriers(apps))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, column, *_rest in carriers:
            for name in _plain_keys(cursor, table, column):
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        cursor.execute("ALTER TABLE registry_income DROP CONSTRAINT income_territory_of_person")
        cursor.execute(f"DROP INDEX {PAIR_INDEX}")
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {IIN_KEY}")
    partitions.partition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX {IIN_INDEX} ON {TABLE} (iin)")
        cursor.execute(FUNCTION)
        for name, event in TRIGGERS.items():
            cursor.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {TABLE} REFERENCING NEW TABLE AS written "
                "FOR EACH STATEMENT EXECUTE FUNCTION person_one_per_iin()"
            )
        cursor.execute(INCOME_KEY)
        for table, column, address, nullable, *_rest in carriers:
            if nullable:
                cursor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {_pair_check(table, address)} "
                    f"CHECK (({column} IS NULL) = ({address} IS NULL))"
                )
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {_pair_key(table, address)} FOREIGN KEY "
                f"({column}, {address}) REFERENCES {TABLE} (id, kato_code) ON UPDATE CASCADE "
                "DEFERRABLE INITIALLY DEFERRED"
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    carriers = list(_carriers(apps))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, _column, address, nullable, *_rest in carriers:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_pair_key(table, address)}")
            if nullable:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_pair_check(table, address)}")
        cursor.execute("ALTER TABLE registry_income DROP CONSTRAINT income_territory_of_person")
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name} ON {TABLE}")
        cursor.execute("DROP FUNCTION person_one_per_iin()")
        cursor.execute(f"DROP INDEX {IIN_INDEX}")
    partitions.unpartition(schema_editor, TABLE)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {IIN_KEY} UNIQUE (iin)")
        cursor.execute(f"CREATE UNIQUE INDEX {PAIR_INDEX} ON {TABLE} (id, kato_code)")
        cursor.execute(INCOME_KEY)
    for _table, _column, _address, _nullable, model, field in carriers:
        schema_editor.execute(schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s"))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0012_person_address_carried"),
        ("applications", "0009_person_address_carried"),
        ("awards", "0002_person_address_carried"),
        ("benefits", "0011_person_address_carried"),
        ("category_payments", "0002_person_address_carried"),
        ("centres", "0002_person_address_carried"),
        ("charity", "0002_person_address_carried"),
        ("commissions", "0003_person_address_carried"),
        ("employment", "0008_person_address_carried"),
        ("migration", "0002_person_address_carried"),
        ("portal", "0003_person_address_carried"),
        ("proactive", "0002_person_address_carried"),
        ("rehabilitation", "0004_person_address_carried"),
        ("veterans", "0002_person_address_carried"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
