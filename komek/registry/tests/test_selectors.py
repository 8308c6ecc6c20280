"""Reads: territorial scoping, search in both scripts, card reads audited."""

import datetime as dt

import pytest

from conftest import ALMATY_ALMALY, BALKHASH, GULSHAT
from komek.accounts.choices import Reach, Role
from komek.common.errors import NotFound, PermissionDenied
from komek.common.models import AuditLog
from komek.registry.selectors import person_card, person_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def almaty_registrar(make_user):
    return make_user(Role.REGISTRAR, units=(ALMATY_ALMALY,))


@pytest.fixture
def people(make_person, almaty_registrar):
    return {
        "balkhash": make_person(surname="Әбдірахманова", name="Жанна", sex="female", kato=GULSHAT),
        "almaty": make_person(
            surname="Абдрахманов", name="Ержан", kato=ALMATY_ALMALY, actor=almaty_registrar
        ),
    }


def test_search_folds_scripts_and_case(registrar, people):
    """Cyrillic, Kazakh letters and Latin spellings find the same person, by prefix, in any case."""
    for query in ("ӘБДІР", "абдир", "Abdir", "abdirakhmanova zh", "ABDIRAKHMANOVA ZHANNA"):
        assert [p.pk for p in person_search(user=registrar, query=query)] == [people["balkhash"].pk], query


def test_search_by_iin_prefix(registrar, people):
    """A search by the first digits of an IIN finds the person of the user's territory."""
    iin = people["balkhash"].iin
    assert [p.pk for p in person_search(user=registrar, query=iin[:6])] == [people["balkhash"].pk]


def test_scope_by_units(registrar, almaty_registrar, people):
    """Each registrar finds only persons of their own units."""
    assert [p.pk for p in person_search(user=registrar, query="abd")] == [people["balkhash"].pk]
    assert [p.pk for p in person_search(user=almaty_registrar, query="abd")] == [people["almaty"].pk]
    with pytest.raises(NotFound):
        person_card(user=registrar, person_id=people["almaty"].pk)


def test_national_reach_sees_everyone(make_user, people):
    """A user of national reach finds persons of every territory."""
    head = make_user(Role.DEPARTMENT_HEAD, units=(BALKHASH,), reach=Reach.NATIONAL)
    assert len(person_search(user=head, query="abd")) == 2


def test_analyst_cannot_open_cards(make_user, people):
    """An analyst works with aggregates only."""
    analyst = make_user(Role.ANALYST, reach=Reach.REGION)
    with pytest.raises(PermissionDenied):
        person_search(user=analyst, query="abd")


def test_card_read_is_audited(registrar, people, django_assert_max_num_queries):
    """Opening a card writes one read row, in a bounded number of queries."""
    with django_assert_max_num_queries(12):
        card = person_card(user=registrar, person_id=people["balkhash"].pk, ip_address="10.0.0.5")
    assert card.person == people["balkhash"]
    row = AuditLog.objects.filter(action="read").get()
    assert (row.person_id, row.actor, row.ip_address) == (people["balkhash"].pk, registrar, "10.0.0.5")
    assert card.active_statuses(dt.date(2026, 1, 1)) == []
