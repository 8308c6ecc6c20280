"""The job pages: the accountant's "Run in background" lands on the job's page; the list shows my
jobs (and a manager's territory); a stranger or another territory's manager gets no such job; the
requester and a manager of the territory cancel (POST only); the annual report's file downloads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Reach, Role
from komek.common.models import AuditLog
from komek.jobs.choices import JobStatus
from komek.jobs.models import Job
from komek.jobs.services import job_enqueue
from komek.jobs.tests.inline import run_here
from komek.payments.models import Payroll

pytestmark = pytest.mark.django_db
ALMATY = "751110000"


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_run_in_background_from_the_payroll_page(make_assignment: Any, accountant: Any) -> None:
    """The button queues the month's run and redirects to its page: queued, a progress bar with its
    label, a cancel button, the page refreshing itself while it runs; done after the worker ran it."""
    make_assignment(amount_mci=Decimal(10))
    client = _client(accountant)
    page = client.get(reverse("payments:payroll_list")).content.decode()
    assert 'id="run-background"' in page and reverse("payments:payroll_background") in page
    response = client.post(reverse("payments:payroll_background"), {"month": "2020-03", "programme": ""})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job.kind == "payroll.run" and job.parameters["month"] == "2020-03" and job.territory == "351600000"
    page = client.get(response["Location"]).content.decode()
    assert "Queued" in page and '<label for="job-progress">' in page and 'id="job-cancel"' in page
    assert 'hx-trigger="every' in page
    run_here(job.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Done" in page and 'hx-trigger="every' not in page and 'id="job-cancel"' not in page
    payroll = Payroll.objects.get()
    assert 'max="6" value="6"' in page and reverse("payments:payroll_detail", args=[payroll.pk]) in page
    # The parts by territory: one department here, its name, status, progress and attempts.
    assert 'id="job-parts"' in page and "351600000" in page and "Progress of territory 351600000" in page
    assert client.post(reverse("payments:payroll_background"), {"month": "soon"}).status_code == 400


def test_list_and_detail_by_requester_and_territory(accountant: Any, make_user: Any) -> None:
    """The requester and Balkhash's head see the job; Almaty's head and another accountant do not
    (404, and no row in their lists); the head's list shows the territory's jobs on asking."""
    job = job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "2020-03"})
    url = reverse("jobs:job_detail", args=[job.pk])
    balkhash_head = make_user(Role.DEPARTMENT_HEAD, username="head_b")
    almaty_head = make_user(Role.DEPARTMENT_HEAD, units=(ALMATY,), username="head_a")
    stranger = make_user(Role.ACCOUNTANT, username="other")
    assert _client(accountant).get(url).status_code == 200
    assert url in _client(accountant).get(reverse("jobs:job_list")).content.decode()
    assert _client(balkhash_head).get(url).status_code == 200
    assert url not in _client(balkhash_head).get(reverse("jobs:job_list")).content.decode()
    assert url in _client(balkhash_head).get(reverse("jobs:job_list") + "?show=all").content.decode()
    for outsider in (almaty_head, stranger):
        assert _client(outsider).get(url).status_code == 404
        assert url not in _client(outsider).get(reverse("jobs:job_list") + "?show=all").content.decode()
        assert _client(outsider).post(reverse("jobs:job_cancel", args=[job.pk])).status_code == 404
    national = make_user(Role.DEPARTMENT_HEAD, units=(ALMATY,), reach=Reach.NATIONAL, username="head_n")
    assert _client(national).get(url).status_code == 200


def test_cancel_by_post_only_audited(accountant: Any, make_user: Any) -> None:
    """GET does not cancel; the manager's POST does, audited; a second POST is told it is over."""
    job = job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "2020-03"})
    head = make_user(Role.DEPARTMENT_HEAD, username="head_b")
    cancel = reverse("jobs:job_cancel", args=[job.pk])
    assert _client(head).get(cancel).status_code == 405
    response = _client(head).post(cancel, follow=True)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and "The job is cancelled." in response.content.decode()
    assert AuditLog.objects.get(object_type="jobs.job", action="update").actor_username == "head_b"
    again = _client(accountant).post(cancel, follow=True).content.decode()
    assert "nothing to cancel" in again


def test_annual_report_export_job(make_user: Any, head: Any) -> None:
    """The head's export of the annual report runs as a job and its file downloads from the job's
    page (the download audited); the analyst of Almaty cannot reach it."""
    job = job_enqueue(
        actor=head,
        kind="report.annual",
        parameters={"year": 2020, "territory": "351600000", "format": "json"},
    )
    run_here(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result["file"] == "annual-report-2020-351600000.json" and job.result["figures"] > 0
    client = _client(head)
    assert (
        reverse("jobs:job_file", args=[job.pk])
        in client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    )
    response = client.get(reverse("jobs:job_file", args=[job.pk]))
    assert response.status_code == 200 and b'"sections"' in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert AuditLog.objects.filter(object_type="jobs.job", action="export").exists()
    analyst = make_user(Role.ANALYST, units=(ALMATY,), username="analyst_a")
    assert _client(analyst).get(reverse("jobs:job_file", args=[job.pk])).status_code == 404
