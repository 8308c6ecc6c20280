"""Matching: the classifier's neighbours, location, education, wage and quota decide the rank."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from komek.accounts.choices import Reach, Role
from komek.common.errors import NotFound
from komek.employment.matching import Match
from komek.employment.models import Jobseeker, Vacancy
from komek.employment.selectors.matching import match_candidates, match_vacancies
from komek.employment.tests.conftest import BALKHASH_TOWN, GULSHAT

ALMATY = "751110000"


def vacancy_of(match: Match) -> Vacancy:
    """The ranked vacancy (a jobseeker's matches all carry one)."""
    assert match.vacancy is not None
    return match.vacancy


def jobseeker_of(match: Match) -> Jobseeker:
    """The ranked jobseeker (a vacancy's matches all carry one)."""
    assert match.jobseeker is not None
    return match.jobseeker


@pytest.fixture
def market(make_vacancy: Callable[..., Any], make_jobseeker: Callable[..., Any]) -> dict[str, Any]:
    return {
        "jobseeker": make_jobseeker(professions=("7212",), desired_wage=150_000),
        "exact": make_vacancy("7212", 200_000),
        "exact_gulshat": make_vacancy("7212", 200_000, kato=GULSHAT),
        "minor": make_vacancy("7213", 200_000),
        "sub_major": make_vacancy("7231", 200_000),
        "low_wage": make_vacancy("7212", 100_000),
        "needs_higher": make_vacancy("7212", 200_000, education=3),
        "quota": make_vacancy("7212", 200_000, quota_disabled=True),
        "other_group": make_vacancy("5120", 300_000),
    }


def test_ranked_vacancies_with_reasons(counsellor: Any, market: dict[str, Any]) -> None:
    """Exact profession in the same town first; neighbours of the classifier after; other groups never."""
    matches = match_vacancies(user=counsellor, jobseeker_id=market["jobseeker"].pk)
    order = [vacancy_of(m).pk for m in matches]
    names = {v.pk: k for k, v in market.items() if k != "jobseeker"}
    ranked = [names[pk] for pk in order]
    assert ranked[0] == "exact"
    assert "other_group" not in ranked
    assert ranked.index("exact_gulshat") < ranked.index("minor") < ranked.index("sub_major")
    assert ranked.index("exact") < ranked.index("low_wage")
    assert ranked.index("exact") < ranked.index("needs_higher")
    assert ranked.index("exact") < ranked.index("quota")
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    by_name = {names[vacancy_of(m).pk]: m for m in matches}
    assert "Same occupation (7212)" in by_name["exact"].reasons[0] or "7212" in by_name["exact"].reasons[0]
    assert "721" in by_name["minor"].reasons[0]
    assert by_name["needs_higher"].parts["education"] == 0
    assert by_name["quota"].parts["quota"] == 0


def test_ranked_candidates_for_a_vacancy(
    counsellor: Any, make_vacancy: Callable[..., Any], make_jobseeker: Callable[..., Any]
) -> None:
    """Candidates of a vacancy: the same occupation first, then its minor group; other groups left out."""
    vacancy = make_vacancy("7212", 200_000)
    exact = make_jobseeker(professions=("7212",))
    neighbour = make_jobseeker(professions=("7214", "9313"))
    make_jobseeker(professions=("5120",))
    matches = match_candidates(user=counsellor, vacancy_id=vacancy.pk)
    assert [jobseeker_of(m).pk for m in matches] == [exact.pk, neighbour.pk]


def test_jobseeker_outside_territory_is_not_found(
    make_user: Callable[..., Any], market: dict[str, Any], occupations: None
) -> None:
    """A counsellor of another region finds neither the jobseeker to match nor candidates for the vacancy."""
    almaty = make_user(Role.EMPLOYMENT_COUNSELLOR, units=(ALMATY,), reach=Reach.UNITS)
    with pytest.raises(NotFound):
        match_vacancies(user=almaty, jobseeker_id=market["jobseeker"].pk)
    assert match_candidates(user=almaty, vacancy_id=market["exact"].pk) == []


def test_cli_match_prints_json(counsellor: Any, market: dict[str, Any]) -> None:
    """`komek employment match --jobseeker IIN --json` prints the ranked vacancies with reasons."""
    out = StringIO()
    call_command(
        "employment_match",
        "--jobseeker",
        market["jobseeker"].person.iin,
        "--json",
        "--user",
        "counsellor",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["matches"][0]["vacancy"]["id"] == market["exact"].pk
    assert data["matches"][0]["reasons"]
    assert len(data["matches"]) == 7


def test_cli_match_without_user_acts_as_the_system(market: dict[str, Any]) -> None:
    """Without ``--user`` the match runs as ``system:employment-match``, named in the audit log."""
    from komek.common.models import AuditLog

    out = StringIO()
    call_command("employment_match", "--jobseeker", market["jobseeker"].person.iin, "--json", stdout=out)
    assert json.loads(out.getvalue())["matches"][0]["vacancy"]["id"] == market["exact"].pk
    row = AuditLog.objects.get(object_type="employment.match")
    assert (row.actor_id, row.actor_username, row.action) == (None, "system:employment-match", "read")


def test_match_is_audited_and_bounded_in_queries(
    counsellor: Any, market: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    """Matching a jobseeker takes at most 8 queries and writes one audited read."""
    from komek.common.models import AuditLog

    with django_assert_max_num_queries(8):
        match_vacancies(user=counsellor, jobseeker_id=market["jobseeker"].pk)
    assert AuditLog.objects.filter(object_type="employment.match", action="read").count() == 1


_ = (dt, BALKHASH_TOWN)
