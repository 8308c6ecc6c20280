"""``komek rehab queue --json``, ``komek rehab replacements``, ``komek demo-rehab`` (idempotent) and the
coverage hook."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.cli import translate
from komek.common.models import AuditLog
from komek.rehabilitation.models import Entitlement, Ipr, Issue, QueueEntry, Voucher
from komek.rehabilitation.selectors import coverage as coverage_module
from komek.rehabilitation.selectors.coverage import CoverageRow, coverage
from komek.rehabilitation.services.supply import issue_record

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_alias():
    """``komek rehab queue`` and ``komek demo-rehab`` reach their management commands."""
    assert translate(["rehab", "queue", "--aid", "wheelchair", "--json"]) == [
        "rehab_queue",
        "--aid",
        "wheelchair",
        "--json",
    ]
    assert translate(["demo-rehab"]) == ["demo_rehab"]


def test_queue_json_in_order(make_disabled, make_ipr):
    """Positions and dates in queue order; the child applying later comes before the adult."""
    adult = make_disabled()
    make_ipr(adult, applied_on=dt.date(YEAR - 1, 3, 2))
    child = make_disabled(group="child", birth_date=dt.date(YEAR - 8, 1, 1))
    make_ipr(child, applied_on=dt.date(YEAR - 1, 3, 9))
    out = io.StringIO()
    call_command("rehab_queue", aid="wheelchair", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert [(r["position"], r["person_id"], r["priority"]) for r in data["queue"]] == [
        (1, child.pk, "child"),
        (2, adult.pk, "general"),
    ]
    assert data["queue"][0]["applied_on"] == f"{YEAR - 1}-03-09"


def test_demo_rehab_fills_and_is_idempotent(kato, settings):
    """The demo fills IPRs, queues, issues and vouchers once; a second run changes nothing."""
    settings.DEMO = True
    call_command("demo_data", persons=1500, region="351600000", seed=7, stdout=io.StringIO())
    call_command("demo_rehab", district=["351600000"], stdout=io.StringIO())
    counts = (Ipr.objects.count(), QueueEntry.objects.count(), Issue.objects.count(), Voucher.objects.count())
    assert all(counts), counts
    out = io.StringIO()
    call_command("demo_rehab", district=["351600000"], stdout=out)
    assert "already present" in out.getvalue()
    assert counts == (
        Ipr.objects.count(),
        QueueEntry.objects.count(),
        Issue.objects.count(),
        Voucher.objects.count(),
    )


def test_home_schooling_hook_adds_a_row(specialist, monkeypatch):
    """A selector registered in EXTRA_ROWS appears as an extra row of the coverage table."""
    row = CoverageRow(kind="home_schooling", label="Home schooling", entitled=40, provided=33)
    monkeypatch.setattr(coverage_module, "EXTRA_ROWS", [lambda year, prefixes: row if year == YEAR else None])
    assert coverage(user=specialist, year=YEAR).extra == [row]
    assert coverage(user=specialist, year=YEAR - 1).extra == []


def test_queue_export_is_audited_as_the_named_command(make_disabled, make_ipr):
    """``komek rehab queue`` takes the queue away as system:rehab-queue, its export audited once."""
    make_ipr(make_disabled())
    call_command("rehab_queue", aid="wheelchair", json=True, stdout=io.StringIO())
    row = AuditLog.objects.get(object_type="rehabilitation.queue")
    assert (row.action, row.actor_username, row.object_id) == ("export", "system:rehab-queue", "wheelchair")


def test_replacements_job_queues_again_as_a_named_system_actor(make_disabled, make_ipr, specialist, contract):
    """``komek rehab replacements`` queues the person again, one audit row per entry by the named job."""
    person = make_disabled()
    ipr = make_ipr(person, kinds=("wheelchair",))
    Entitlement.objects.filter(ipr=ipr).update(replacement_months=6)
    line = contract.lines.get(kind="wheelchair")
    issue_record(
        actor=specialist, person=person, line=line, issued_on=dt.date(YEAR - 1, 4, 10), quantity=1,
        receipt_signed=True,
    )  # fmt: skip
    out = io.StringIO()
    call_command("rehab_replacements", on=dt.date(YEAR - 1, 10, 10), stdout=out)
    assert out.getvalue().startswith("1 persons")
    entry = QueueEntry.objects.get(person=person, kind="wheelchair", status="waiting")
    row = AuditLog.objects.get(object_type="rehabilitation.queueentry", object_id=str(entry.pk))
    assert (row.actor_username, row.person_id) == ("system:rehab-replacements", person.pk)


def test_demo_rehab_refuses_outside_a_demo_installation(settings):
    """``komek demo-rehab`` is refused by the demo guard unless KOMEK_DEMO or KOMEK_DEBUG is set."""
    settings.DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="KOMEK_DEMO"):
        call_command("demo_rehab", district=["351600000"], stdout=io.StringIO())
    assert not Ipr.objects.exists()
