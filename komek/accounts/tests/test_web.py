"""The access policy at the door of a page and in the address selects of every context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import translation

from conftest import ALMATY_ALMALY, BALKHASH, BALKHASH_TOWN
from komek.accounts.choices import Capability, Reach, Role
from komek.accounts.context_processors import role as caps_of
from komek.accounts.policy import system
from komek.accounts.selectors.territory import kato_choices
from komek.accounts.web import staff_view
from komek.common.errors import NotFound
from komek.common.models import KatoUnit

pytestmark = pytest.mark.django_db


@staff_view(Capability.CASE_PROCESS)
def _case_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the case")


@staff_view()
def _missing_page(request: HttpRequest) -> HttpResponse:
    raise NotFound("No such case.")


def _request(user: Any) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_staff_view_asks_the_policy_for_the_capability(make_user: Callable[..., Any]) -> None:
    """A caseworker opens a page that needs case processing; a registrar is refused with the
    policy's reason (a 403), before the view runs."""
    response = _case_page(_request(make_user(Role.CASEWORKER)))
    assert isinstance(response, HttpResponse)
    assert response.content == b"the case"
    with translation.override("en"), pytest.raises(HttpForbidden, match="Your role does not allow"):
        _case_page(_request(make_user(Role.REGISTRAR)))


def test_staff_view_refuses_a_deactivated_account(make_user: Callable[..., Any]) -> None:
    """A deactivated caseworker holds no capability any more: the policy refuses the page."""
    caseworker = make_user(Role.CASEWORKER)
    caseworker.is_active = False
    with pytest.raises(HttpForbidden):
        _case_page(_request(caseworker))


def test_staff_view_turns_not_found_into_a_404(make_user: Callable[..., Any]) -> None:
    """A selector's NotFound becomes a 404 page with its reason."""
    with translation.override("en"), pytest.raises(Http404, match="No such case"):
        _missing_page(_request(make_user(Role.REGISTRAR)))


def test_kato_choices_offer_only_the_territory(make_user: Callable[..., Any]) -> None:
    """A registrar of Balkhash chooses among Balkhash's units only, indented by level; a national
    account and the system choose among every unit."""
    local = dict(kato_choices(make_user(Role.REGISTRAR, units=(BALKHASH,))))
    assert BALKHASH in local and BALKHASH_TOWN in local
    assert ALMATY_ALMALY not in local
    assert all(code.startswith(BALKHASH[:4]) for code in local)
    town = KatoUnit.objects.get(pk=BALKHASH_TOWN)
    assert local[BALKHASH_TOWN].startswith("\u00a0" * 2 * (town.level - 1) + town.name)
    national = dict(kato_choices(make_user(Role.REGISTRAR, reach=Reach.NATIONAL)))
    assert len(national) == KatoUnit.objects.count()
    assert dict(kato_choices(system("tests"))) == national


def test_kato_choices_of_a_region_reach_cover_the_region(make_user: Callable[..., Any]) -> None:
    """A registrar whose reach is the region of a Balkhash unit chooses among the whole Karaganda
    region (KATO 35), not Almaty."""
    codes = [code for code, _label in kato_choices(make_user(Role.REGISTRAR, reach=Reach.REGION))]
    assert all(code.startswith("35") for code in codes)
    assert len(codes) == KatoUnit.objects.filter(code__startswith="35").count()


def test_templates_see_the_capabilities_the_policy_gives(make_user: Callable[..., Any]) -> None:
    """The ``caps`` of the templates are the policy's answers: a caseworker may process cases, not
    approve payrolls; nobody signed in may do anything."""
    caps = caps_of(_request(make_user(Role.CASEWORKER)))["caps"]
    assert caps["case_process"] is True
    assert caps["payroll_approve"] is False
    assert not any(caps_of(_request(AnonymousUser()))["caps"].values())
