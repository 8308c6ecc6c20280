"""The audit log is append-only: in the model, the queryset and the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from komek.accounts.policy import system
from komek.common.audit import record
from komek.common.models import AuditLog, AuditLogImmutable

pytestmark = pytest.mark.django_db


@pytest.fixture
def row():
    return record(
        actor=system("tests"),
        action="create",
        object_type="registry.person",
        object_id=1,
        person_id=1,
        changes={"surname": [None, "Ким"]},
    )


def test_model_refuses_change_and_delete(row):
    """An audit row, once written, can be neither saved again nor deleted."""
    row.reason = "tamper"
    with pytest.raises(AuditLogImmutable):
        row.save()
    with pytest.raises(AuditLogImmutable):
        row.delete()


def test_queryset_refuses_bulk_change_and_delete(row):
    """Nor can audit rows be changed or deleted in bulk through a queryset."""
    with pytest.raises(AuditLogImmutable):
        AuditLog.objects.filter(pk=row.pk).update(reason="tamper")
    with pytest.raises(AuditLogImmutable):
        AuditLog.objects.all().delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE common_auditlog SET reason = 'tamper'", "DELETE FROM common_auditlog"]
)
def test_database_refuses_raw_sql(row, sql):
    """Even raw SQL through the application's connection cannot change or delete audit rows."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditLog.objects.get(pk=row.pk).reason == ""
