"""Reads of payment lists, scoped to the reader's territory through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.category_payments.models import PaymentList, PaymentListRow
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import NotFound
from komek.legislation import loader
from komek.registry.choices import StatusKind
from komek.registry.models import PersonStatus

FILTERS = ("included", "excluded", "no_account", "added")


def payment_lists(*, actor: Any) -> QuerySet[PaymentList]:
    """The lists of the reader's territory, newest first, with their counts and totals."""
    return policy.visible(
        PaymentList.objects.all(), actor, Capability.ASSIGNMENT_VIEW, field="territory"
    ).annotate(
        included_count=Count("rows", filter=Q(rows__included=True)),
        excluded_count=Count("rows", filter=Q(rows__included=False)),
        total=Sum("rows__amount", filter=Q(rows__included=True)),
    )


def payment_list(*, actor: Any, list_id: int) -> PaymentList:
    found = payment_lists(actor=actor).filter(pk=list_id).select_related("prepared_by", "approved_by").first()
    if found is None:
        raise NotFound(_("No such payment list."), field="list")
    return found


@dataclass
class RowsPage:
    rows: list[PaymentListRow]
    count: int
    page: int
    pages: int


def list_rows(
    *,
    actor: Any,
    payment_list: PaymentList,
    show: str = "",
    iin: str = "",
    page: int = 1,
    per_page: int = 100,
) -> RowsPage:
    """One page of the list's rows with the persons, filtered; the read of personal data is audited."""
    rows = PaymentListRow.objects.filter(payment_list=payment_list).select_related("person", "bank")
    rows = policy.scoped(rows, actor, field="kato_code")
    if show == "included":
        rows = rows.filter(included=True)
    elif show == "excluded":
        rows = rows.filter(included=False)
    elif show == "no_account":
        rows = rows.filter(included=True).filter(Q(bank__isnull=True) | Q(iban=""))
    elif show == "added":
        rows = rows.exclude(origin="selected")
    if iin.strip():
        rows = rows.filter(person__iin__startswith=iin.strip())
    count = rows.count()
    pages = max(1, -(-count // per_page))
    page = min(max(page, 1), pages)
    shown = list(
        rows.order_by("person__surname", "person__name", "id")[(page - 1) * per_page : page * per_page]
    )
    audit.read(
        actor=actor,
        action=AuditAction.READ,
        obj=payment_list,
        territory=payment_list.territory,
        changes={"show": [None, show or "all"], "rows": [None, len(shown)]},
        persons=[r.person_id for r in shown],
    )
    return RowsPage(rows=shown, count=count, page=page, pages=pages)


def category_programmes(*, language: str) -> list[tuple[str, str]]:
    """(code, title) of every programme the legislation pays from lists of categories."""
    seen: dict[str, str] = {}
    for p in loader.application_engine().programmes:
        if p.facts.category_payment:
            seen.setdefault(p.code, p.title.get(language) or p.title.get("en") or p.code)
    return sorted(seen.items(), key=lambda item: item[1])


def programme_title(code: str, *, language: str) -> str:
    return dict(category_programmes(language=language)).get(code, code)


def category_rows_of_year(*, actor: Any, year: int, prefix: str) -> QuerySet[PaymentListRow]:
    """The approved rows (those turned into assignments) of the payment dates of ``year`` in the
    territory ``prefix``: what the annual report counts (lazy)."""
    policy.require(actor, Capability.REPORT_VIEW)
    return PaymentListRow.objects.filter(
        policy.territory_q(actor, "kato_code"),
        kato_code__startswith=prefix,
        event_date__year=year,
        included=True,
        assignment__isnull=False,
    )


def first_row_of_each_person(rows: QuerySet[PaymentListRow]) -> QuerySet[PaymentListRow]:
    """One row per programme and person (the first): the persons a programme paid, as rows."""
    firsts = rows.values("programme", "person_id").annotate(first=Min("id")).values("first").order_by()
    return rows.filter(pk__in=firsts)


def category_payments_year(*, actor: Any, year: int, prefix: str) -> dict[str, tuple[int, int]]:
    """``{programme: (persons, amount)}`` of the approved rows (those turned into assignments) of the
    payment dates of ``year`` in the territory ``prefix``: one grouped query, for the annual report."""
    rows = (
        category_rows_of_year(actor=actor, year=year, prefix=prefix)
        .values("programme")
        .annotate(n=Count("person", distinct=True), total=Sum("amount"))
        .order_by("programme")
    )
    return {r["programme"]: (r["n"], int(r["total"] or 0)) for r in rows}


def _veteran_status(kind: str, category: str = "") -> Q:
    """Rows whose person holds a veteran status (of ``category``) on the row's payment date."""
    status = PersonStatus.objects.filter(
        person_id=OuterRef("person_id"), kind=kind, valid_from__lte=OuterRef("event_date")
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("event_date")))
    if category:
        status = status.filter(subtype=category)
    return Q(Exists(status))


def veteran_rows_of_year(
    *, actor: Any, year: int, prefix: str, category: str = ""
) -> QuerySet[PaymentListRow]:
    """The approved rows of ``year`` (``category_rows_of_year``) paid to persons who were veterans
    (of ``category``) on the payment date (lazy): the records behind the veterans' figures."""
    rows = category_rows_of_year(actor=actor, year=year, prefix=prefix)
    return rows.filter(_veteran_status(StatusKind.VETERAN, category))


def veterans_year(
    *, actor: Any, year: int, prefix: str
) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
    """``((persons, amount), {category: (persons, amount)})`` paid to veterans in ``year``: the
    rows of persons holding a veteran status on the payment date, in all (each row once) and per
    category of the status (a person of two categories counts in each): two grouped queries."""
    rows = veteran_rows_of_year(actor=actor, year=year, prefix=prefix)
    total = rows.aggregate(n=Count("person", distinct=True), amount=Sum("amount"))
    grouped = (
        category_rows_of_year(actor=actor, year=year, prefix=prefix)
        .filter(
            Q(person__statuses__kind=StatusKind.VETERAN, person__statuses__valid_from__lte=F("event_date"))
            & (
                Q(person__statuses__valid_to__isnull=True)
                | Q(person__statuses__valid_to__gte=F("event_date"))
            )
        )
        .values("person__statuses__subtype")
        .annotate(n=Count("person", distinct=True), amount=Sum("amount"))
        .order_by("person__statuses__subtype")
    )
    by_category = {r["person__statuses__subtype"]: (r["n"], int(r["amount"] or 0)) for r in grouped}
    return (total["n"], int(total["amount"] or 0)), by_category
