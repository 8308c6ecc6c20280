"""A programme testing a condition recorded in the registry: an Almaty disabled child schooled at
home is eligible for the city's home-schooling reimbursement once the child's statuses are recorded."""

from __future__ import annotations

from django.utils import timezone

from komek.accounts.choices import Role
from komek.applications.services.cases import application_calculate, application_verify
from komek.applications.services.intake import application_receive
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.statuses import status_add

ALMALY = "751110000"
DOCUMENTS = ["application", "identity", "residence", "disability", "home_schooling", "bank_account"]


def test_an_almaty_disabled_child_schooled_at_home_is_eligible_once_recorded(make_user, make_person):
    """Without the home-schooling status the case is not eligible; with it recorded (from its date)
    the same case calculates 12 MCI for the quarter."""
    registrar = make_user(Role.REGISTRAR, units=(ALMALY,), username="almaty_registrar")
    caseworker = make_user(Role.CASEWORKER, units=(ALMALY,), username="almaty_caseworker")
    on = timezone.localdate()
    mother = make_person(name="Сауле", sex="female", birth_date=on.replace(year=on.year - 38, day=1),
                         kato=ALMALY, actor=registrar)  # fmt: skip
    child = make_person(name="Данияр", birth_date=on.replace(year=on.year - 10, day=1), kato=ALMALY,
                        actor=registrar)  # fmt: skip
    family_create(actor=registrar, members=[MemberSpec(mother, "head"), MemberSpec(child, "child")],
                  kato=ALMALY, valid_from=on.replace(year=on.year - 3))  # fmt: skip
    since = on.replace(year=on.year - 1)
    status_add(actor=registrar, person=child, kind="disability", subtype="child", valid_from=since)

    app = application_receive(
        actor=registrar, service="home_schooling", channel="office", applicant_id=mother.pk,
        documents=DOCUMENTS, language="ru", bank_bic="HSBKKZKX", iban="KZ20601KZT5004100100",
    )  # fmt: skip
    app = application_verify(actor=caseworker, application_id=app.pk, version=app.version,
                             documents=app.documents, incomes_checked=True)  # fmt: skip
    app = application_calculate(actor=caseworker, application_id=app.pk, version=app.version)
    assert app.calculation is not None
    assert app.calculation["programmes"]["almaty.home_schooling"]["eligible"] is False

    status_add(actor=registrar, person=child, kind="student", subtype="home_schooled", valid_from=since)
    app = application_calculate(actor=caseworker, application_id=app.pk, version=app.version)
    assert app.calculation is not None
    result = app.calculation["programmes"]["almaty.home_schooling"]
    assert result["eligible"] is True
    mci = app.calculation["parameters"]["mci"]
    assert result["amount"] == 12 * mci and result["period"] == "quarter"
