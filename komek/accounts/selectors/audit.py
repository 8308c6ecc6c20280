"""Reading the audit log (auditors, department heads, administrators)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connection
from django.db.models import BooleanField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import NotFound, PermissionDenied
from komek.common.models import AuditLog, RefusalWindow

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    person_iin: str = ""
    username: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def naming_person(person_id: int) -> Q:
    """The rows that concern a person: the rows of the person as their object (``person_id``) and
    the rows of lists and files that name the person among others (``changes["persons"]``,
    written by ``audit.read(..., persons=...)``). On PostgreSQL the second is served by the GIN
    index of migration common 0006."""
    # Only the model's own table name is formatted in (quoted); the person's id is a parameter.
    table = connection.ops.quote_name(AuditLog._meta.db_table)
    if connection.vendor == "postgresql":
        sql = f"({table}.\"changes\" -> 'persons') @> %s::jsonb"
        named = RawSQL(sql, (json.dumps([int(person_id)]),), output_field=BooleanField())  # noqa: S611
    else:
        sql = f"EXISTS (SELECT 1 FROM json_each({table}.\"changes\", '$.persons') WHERE value = %s)"  # noqa: S608
        named = RawSQL(sql, (int(person_id),), output_field=BooleanField())  # noqa: S611
    return Q(person_id=person_id) | Q(named)


def audit_search(*, user: Actor, filters: AuditFilter) -> QuerySet[AuditLog]:
    """Audit rows matching the filters, newest first. Dates are whole local days, inclusive."""
    if not policy.can(user, Capability.AUDIT_VIEW):
        raise PermissionDenied(_("Your role does not allow viewing the audit log."))
    # Rows are filed under the KATO code they concern; an auditor sees those of their territory.
    qs = policy.scoped(AuditLog.objects.all(), user, field="territory")
    if filters.person_id is not None:
        qs = qs.filter(naming_person(filters.person_id))
    if filters.person_iin:
        # Audit rows keep the person's number; the IIN is translated without opening any card.
        person_model = apps.get_model("registry", "Person")
        found = person_model.objects.filter(iin=filters.person_iin).values_list("pk", flat=True).first()
        qs = qs.filter(naming_person(found)) if found is not None else qs.none()
    if filters.username:
        qs = qs.filter(actor_username=filters.username)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    # A refusal repeated within its minute (an unsigned client's) is one row with its count beside it.
    repeats = RefusalWindow.objects.filter(audit_id=OuterRef("pk")).values("count")[:1]
    return qs.annotate(repeated=Subquery(repeats)).order_by("-at", "-id")


#: The latest rows an extract prints: a person's whole history fits; a longer one says so.
EXTRACT_LIMIT = 500


@dataclass(frozen=True)
class PersonExtract:
    person: Any
    rows: list[AuditLog]
    more: int


def person_audit_extract(*, user: Actor, person_id: int, ip_address: str | None = None) -> PersonExtract:
    """The audit rows about a person of the user's territory, newest first, for the extract handed to
    the person; taking it away is itself recorded (an export naming the person)."""
    if not policy.can(user, Capability.AUDIT_VIEW):
        raise PermissionDenied(_("Your role does not allow viewing the audit log."))
    # accounts sits below the registry: the person is read by the model's label, not imported.
    person_model = apps.get_model("registry", "Person")
    person = policy.scoped(person_model.objects.all(), user, field="kato__code").filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person in your territorial units."))
    rows = list(audit_search(user=user, filters=AuditFilter(person_id=person_id))[: EXTRACT_LIMIT + 1])
    more = 0
    if len(rows) > EXTRACT_LIMIT:
        rows = rows[:EXTRACT_LIMIT]
        more = audit_search(user=user, filters=AuditFilter(person_id=person_id)).count() - EXTRACT_LIMIT
    audit.read(
        actor=user, action=AuditAction.EXPORT, object_type="registry.person_audit", object_id=str(person.pk),
        person_id=person.pk, territory=person.kato_id, ip_address=ip_address,
    )  # fmt: skip
    return PersonExtract(person=person, rows=rows, more=more)
