"""Case processing: verification, the engine's calculation kept on the case, decisions with their
refusals, letters in the applicant's language, returns, appeals, stale versions."""

from __future__ import annotations

import datetime as dt

import pytest

from komek.applications.choices import Status
from komek.applications.letters import letter_pdf
from komek.applications.models import Application, Notification
from komek.applications.services.cases import application_calculate, application_verify
from komek.applications.services.decisions import (
    appeal_decide,
    application_appeal,
    application_decide,
    default_period,
)
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.common.periods import add_months

pytestmark = pytest.mark.django_db


def _state(app):
    row = Application.objects.get(pk=app.pk)
    return (row.status, row.version, row.decision, row.decided_amount, Notification.objects.count())


def test_the_calculation_and_its_explanation_are_kept_on_the_case(household, calculated):
    """The rules engine's result and its explanation are kept on the case with the programme and the amount.
    The rules engine's result and its explanation are kept on the case with the programme and the amount."""
    app = calculated(household.head)
    tsa = app.calculation["programmes"]["tsa"]
    assert app.programme == "tsa" and tsa["eligible"]
    assert app.calculated_amount == tsa["amount"] > 0 and app.amount_limit == app.calculated_amount
    steps = {s.get("name") for s in tsa["explanation"]}
    assert "income_below_poverty_line" in steps
    income = next(s for s in tsa["explanation"] if s.get("name") == "income_below_poverty_line")
    assert income["values"]["per_capita_income"] == 10_000
    assert app.mci and app.calculation["parameter_versions"]


def test_the_circumstances_of_the_application_reach_the_engine(household, calculated):
    """Fire damage is not in the registry: the application states it, the calculation uses it."""
    app = calculated(household.head, "local_social_assistance", circumstances=["fire_damage"])
    programmes = app.calculation["programmes"]
    assert programmes["balkhash.fire_damage"]["eligible"]
    assert programmes["balkhash.tb_outpatient"]["eligible"]  # the child's dispensary status
    assert app.programme == "balkhash.fire_damage" and app.calculated_amount == 45 * app.mci
    assert "almaty.disaster_dwelling" not in programmes  # not in force in Balkhash


def test_the_calculation_waits_for_verification(household, receive, caseworker):
    """A case is not calculated before its documents and incomes are verified."""
    app = receive(household.head)
    with pytest.raises(DomainError):
        application_calculate(actor=caseworker, application_id=app.pk, version=app.version)
    with pytest.raises(DomainError) as exc:
        application_verify(actor=caseworker, application_id=app.pk, version=app.version,
                           documents=["application"], incomes_checked=True)  # fmt: skip
    assert exc.value.field == "documents"


@pytest.mark.usefixtures("social_contract")
def test_an_assignment_with_amount_period_and_a_letter(household, calculated, caseworker):
    """An assign decision records the amount and period and prepares the applicant's letter."""
    app = calculated(household.head)
    start, end = default_period(app)
    app = application_decide(
        actor=caseworker, application_id=app.pk, version=app.version, decision="assign",
        amount=app.calculated_amount, period_start=start, period_end=end, social_contract_ref="SK-3516-7",
    )  # fmt: skip
    assert app.status == Status.ASSIGNED and app.decided_amount == app.calculated_amount
    assert (end - start).days in (89, 90, 91, 92) and start.day == 1
    note = app.notifications.get()
    assert note.language == "ru" and any(
        "назначена" in line or "назначен" in line for line in note.content["lines"]
    )
    row = AuditLog.objects.filter(object_type="applications.application", object_id=str(app.pk)).first()
    assert row is not None
    assert row.changes["decision"] == [None, "assign"]


def test_an_amount_above_the_limit_is_refused_and_nothing_written(household, calculated, caseworker):
    """An amount above the programme's limit is refused: the case is unchanged and only the refusal is
    audited."""
    app = calculated(household.head)
    before = _state(app)
    start, end = default_period(app)
    with pytest.raises(DomainError) as exc:
        application_decide(
            actor=caseworker, application_id=app.pk, version=app.version, decision="assign",
            amount=app.amount_limit + 1, period_start=start, period_end=end,
        )  # fmt: skip
    assert exc.value.code == "above_limit" and exc.value.field == "amount"
    assert _state(app) == before
    audit = AuditLog.objects.filter(object_type="applications.application", object_id=str(app.pk)).first()
    assert audit is not None
    assert audit.changes["refused"] == [None, "decide:above_limit"]
    assert audit.changes["amount"] == [None, app.amount_limit + 1] and audit.person_id == household.head.pk


def test_a_refusal_needs_a_reason_from_the_list(household, calculated, caseworker):
    """A refusal without a reason of the reference list is refused and audited; with one, the case is refused.
    A refusal without a reason of the reference list is refused and audited; with one, the case is refused."""
    app = calculated(household.head)
    before = _state(app)
    for reason in ("", "because"):
        with pytest.raises(DomainError) as exc:
            application_decide(actor=caseworker, application_id=app.pk, version=app.version,
                               decision="refuse", refusal_reason=reason)  # fmt: skip
        assert exc.value.field == "refusal_reason"
    assert _state(app) == before
    refusals = AuditLog.objects.filter(object_type="applications.application", object_id=str(app.pk),
                                       changes__refused__1="decide:invalid")  # fmt: skip
    assert refusals.count() == 2
    app = application_decide(actor=caseworker, application_id=app.pk, version=app.version,
                             decision="refuse", refusal_reason="property", note="Two flats")  # fmt: skip
    assert app.refusal_reason is not None
    assert app.status == Status.REFUSED and app.refusal_reason.code == "property"


def test_a_stale_form_is_refused_with_a_clear_message(household, calculated, caseworker):
    """A decision taken on a version of the case someone has since changed is refused with a message saying
    so."""
    app = calculated(household.head)
    old = app.version - 1
    with pytest.raises(DomainError) as exc:
        application_decide(actor=caseworker, application_id=app.pk, version=old,
                           decision="refuse", refusal_reason="property")  # fmt: skip
    assert exc.value.code == "stale" and app.number in str(exc.value)


def test_a_commission_service_is_not_assigned_by_the_caseworker(household, calculated, caseworker):
    """A caseworker cannot assign a service the commission decides."""
    app = calculated(household.head, "local_social_assistance", circumstances=["fire_damage"])
    with pytest.raises(DomainError) as exc:
        application_decide(actor=caseworker, application_id=app.pk, version=app.version, decision="assign",
                           amount=1000, period_start=household.on, period_end=household.on)  # fmt: skip
    assert exc.value.field == "decision"


def test_a_return_for_documents_and_the_documents_brought(household, calculated, caseworker):
    """A case returned for documents goes back to review once the applicant brings them."""
    from komek.applications.services.cases import application_documents_brought

    app = calculated(household.head)
    with pytest.raises(DomainError):
        application_decide(actor=caseworker, application_id=app.pk, version=app.version, decision="return")
    app = application_decide(actor=caseworker, application_id=app.pk, version=app.version, decision="return",
                             missing_documents=["incomes"])  # fmt: skip
    assert app.status == Status.RETURNED and app.missing_documents == ["incomes"]
    app = application_documents_brought(actor=caseworker, application_id=app.pk, version=app.version,
                                        documents=["incomes"])  # fmt: skip
    assert app.status == Status.IN_REVIEW and app.verified_at is None


def test_an_appeal_of_a_refusal_upheld_reopens_the_case(household, calculated, caseworker, registrar, head):
    """An appeal of a refusal, upheld by the head of the department, puts the case back in review."""
    app = calculated(household.head)
    app = application_decide(actor=caseworker, application_id=app.pk, version=app.version,
                             decision="refuse", refusal_reason="income_above_threshold")  # fmt: skip
    appeal = application_appeal(actor=registrar, application_id=app.pk, grounds="The income was one-off")
    assert Application.objects.get(pk=app.pk).status == Status.APPEALED
    with pytest.raises(DomainError):
        application_appeal(actor=registrar, application_id=app.pk, grounds="Again")
    appeal_decide(actor=head, appeal_id=appeal.pk, upheld=True, note="Recount")
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.IN_REVIEW and app.refusal_reason is None and app.decision == ""


def test_the_letter_is_in_the_applicants_language(household, calculated, caseworker):
    """The letter about the decision is written in the applicant's language and its PDF embeds the font."""
    app = calculated(household.head, language="kk")
    app = application_decide(actor=caseworker, application_id=app.pk, version=app.version,
                             decision="refuse", refusal_reason="property")  # fmt: skip
    note = app.notifications.get()
    pdf = letter_pdf(note, compress=False)
    assert pdf.startswith(b"%PDF")
    assert note.language == "kk"
    text = " ".join(note.content["lines"])
    assert "Отбасының көмекті тағайындауға жол бермейтін мүлкі бар" in text
    assert "Өтінішті қанағаттандырудан бас тартылды" in text  # the letter's own words, in Kazakh
    assert note.content["title"] == "Шешім туралы хабарлама"
    assert app.number in text
    # The font is embedded with its Kazakh glyphs: the uncompressed PDF names DejaVu.
    assert b"DejaVu" in pdf


def test_default_periods_follow_the_programme_term(household, calculated):
    """The default period starts on the first of the month of the application and lasts the term the
    programme's legislation assigns it for: a quarter for TSA, one month for the town's one-time
    assistance."""
    tsa = calculated(household.head)
    start, end = default_period(tsa)
    assert start == household.on.replace(day=1)
    assert end == add_months(start, 3) - dt.timedelta(days=1)
    one_time = calculated(household.spouse, "local_social_assistance")
    assert one_time.periodicity == "once"
    start, end = default_period(one_time)
    assert end == add_months(start, 1) - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("language", "title", "condition"),
    [
        ("kk", "Атаулы әлеуметтік көмек", "Алдыңғы тоқсандағы жан басына шаққандағы орташа табыс"),
        ("ru", "Адресная социальная помощь", "Среднедушевой доход за предыдущий квартал"),
        ("en", "Targeted social assistance", "Average monthly income per member over the previous quarter"),
    ],
)
def test_the_explanation_is_read_in_the_readers_language(household, calculated, caseworker, client, language,
                                                          title, condition):  # fmt: skip
    """A case calculated on an English page is explained in Kazakh on a Kazakh one: the snapshot keeps
    the words of every language, the page tells them in the reader's."""
    from django.utils import translation

    with translation.override("en"):
        app = calculated(household.head)
    assert app.calculation["programmes"]["tsa"]["title"] == "Targeted social assistance"
    client.force_login(caseworker)
    client.cookies["django_language"] = language
    page = client.get(f"/services/{app.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in page and condition in page
    if language != "en":
        assert "Average monthly income per member" not in page


def test_a_calculation_kept_before_the_words_of_every_language_is_told_as_written():
    """A snapshot written with one language's words only (before ``texts``) keeps them."""
    from komek.rules.explain import in_language

    step = {"step": "condition", "text": "Доход ниже черты"}
    tsa = {"title": "Адресная социальная помощь", "eligible": True, "explanation": [step]}
    kept = {"programmes": {"tsa": tsa}}
    told = in_language(kept, "kk")
    assert told["programmes"]["tsa"]["title"] == "Адресная социальная помощь"
    assert told["programmes"]["tsa"]["explanation"][0]["text"] == "Доход ниже черты"
    assert in_language(None, "kk") == {"programmes": {}}
