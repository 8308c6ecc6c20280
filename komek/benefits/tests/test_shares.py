"""Budget shares of an assignment: basis points from the legislation's fractions, and the split of a
payment into parts that always sum to it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.benefits.services import assignment_reassign, budget_shares
from komek.benefits.services._checks import programme_version
from komek.benefits.services.sources import BudgetShares, shares_of
from komek.benefits.tests.fixtures import BALKHASH_TOWN
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.rules.facts import Facts


def test_fractions_become_basis_points_summing_to_the_whole() -> None:
    """Shares given to four places are taken as they are; finer ones are rounded on the cumulative
    sum (3,333.3 → 3,333; 6,666.6 → 6,667; 10,000), so the points still sum to 10,000: thirds give
    3,333 + 3,334 + 3,333, not 3,333 three times."""
    assert shares_of({"republican": Decimal("0.1252"), "local": Decimal("0.8748")}) == BudgetShares(
        1252, 0, 8748
    )
    thirds = {"republican": Decimal("0.33333"), "regional": Decimal("0.33333"), "local": Decimal("0.33334")}
    assert shares_of(thirds) == BudgetShares(3333, 3334, 3333)
    assert shares_of({"regional": Decimal(1)}).principal == "regional"
    with pytest.raises(ValueError, match="sum to 10000"):
        BudgetShares(5000, 0, 4000)


@pytest.mark.parametrize("shares", [BudgetShares(1252, 0, 8748), BudgetShares(3333, 3333, 3334)])
def test_parts_sum_to_the_amount_and_mirror_for_negative_amounts(shares: BudgetShares) -> None:
    """For every amount from -3,000 to 3,000 and a few large ones the parts sum to the amount, no
    part is of the other sign, and a negative amount's parts are the positive one's negated."""
    for amount in [*range(-3000, 3001), 2_500_000, 99_999_999, -2_500_000]:
        parts = shares.split(amount)
        assert sum(parts.values()) == amount
        assert all(part * amount >= 0 for part in parts.values())
        assert shares.split(-amount) == {source: -part for source, part in parts.items()}


@pytest.mark.django_db
def test_no_budget_source_refused(make_assignment: Any) -> None:
    """A programme version whose legislation names no source where the beneficiary lives (a council
    decision entered without its sources) cannot be assigned: the error names the programme."""
    version = programme_version("tsa", dt.date(2020, 1, 1), BALKHASH_TOWN)
    with pytest.raises(DomainError) as info:
        budget_shares(dataclasses.replace(version, facts=Facts()), BALKHASH_TOWN)
    assert info.value.field == "programme" and "tsa" in str(info.value)


@pytest.mark.django_db
def test_shares_audited_shown_and_taken_again_when_continued(make_assignment: Any, caseworker: Any) -> None:
    """The shares are in the assignment's audit row, on its page in the user's words (Russian), and
    an assignment continued for the next quarter takes them from the legislation again."""
    a = make_assignment()
    changes = AuditLog.objects.get(
        object_type="benefits.assignment", object_id=str(a.pk), action="create"
    ).changes
    assert changes["share_republican"] == [None, 1252] and changes["share_local"] == [None, 8748]
    client = Client()
    client.force_login(caseworker)
    client.cookies["django_language"] = "ru"
    page = client.get(reverse("benefits:assignment_detail", args=[a.pk])).content.decode()
    assert "Местный бюджет 87,48 %" in page and "Республиканский бюджет 12,52 %" in page
    new = assignment_reassign(
        actor=caseworker,
        assignment_id=a.pk,
        period_start=dt.date(2020, 7, 1),
        period_end=dt.date(2020, 9, 30),
    )
    assert (new.share_republican, new.share_regional, new.share_local) == (1252, 0, 8748)
