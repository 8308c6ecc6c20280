"""Matching reads: the candidates of a match read in SQL as plain columns, scored by
:mod:`komek.employment.matching`, the top rows turned into objects; a match for a jobseeker is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from django.db import connection
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit as audit_log
from komek.common.errors import NotFound
from komek.employment.choices import ACTIVE_STATUSES, VacancyStatus
from komek.employment.matching import (
    Match,
    codes_of,
    location_score,
    profession_score,
    quota_reason,
    quota_score,
    ratio,
    reasons_of,
    top_rows,
    total_score,
)
from komek.employment.models import Jobseeker, JobseekerProfession, Vacancy

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

DEFAULT_LIMIT = 20


VACANCY_COLUMNS = (
    "id, occupation_id, kato_code, education, experience_years, wage, quota_disabled, quota_released"
)


CANDIDATE_COLUMNS = (
    "p.jobseeker_id, p.occupation_id, j.kato_code, j.education, j.experience_years, j.desired_wage, "
    "j.tg_disability, j.tg_released"
)


def _require(user: Actor) -> None:
    """Matching names persons: it needs the employment centre's records and persons' data."""
    policy.require(user, Capability.EMPLOYMENT_VIEW, Capability.PERSON_VIEW)


def match_vacancies(
    *, user: Actor, jobseeker_id: int, limit: int = DEFAULT_LIMIT, audit: bool = True
) -> list[Match]:
    """Open vacancies suitable for a registered jobseeker, best first, each with its reasons."""
    _require(user)
    js = Jobseeker.objects.filter(pk=jobseeker_id, status__in=ACTIVE_STATUSES).first()
    if js is None or not policy.in_territory(user, js.kato_id):
        raise NotFound(_("No such registered jobseeker in your territorial units."))
    wanted = list(JobseekerProfession.objects.filter(jobseeker=js).values_list("occupation_id", flat=True))
    groups = sorted({c[:2] for c in wanted})
    table = Vacancy._meta.db_table
    marks = ", ".join(["%s"] * len(groups))
    with connection.cursor() as cursor:
        cursor.execute(
            # Table and column names are constants; every value is a bound parameter.
            f"SELECT {VACANCY_COLUMNS} FROM {table} "  # noqa: S608
            f"WHERE status = %s AND sub_major_group IN ({marks}) AND kato_code LIKE %s",
            [VacancyStatus.OPEN, *groups, js.kato_id[:2] + "%"],
        )
        rows = cursor.fetchall()
    if not rows:
        return []
    ids, occ, kato, edu, exp, wage, q_dis, q_rel = (np.array(c) for c in zip(*rows, strict=True))
    q_dis, q_rel = q_dis.astype(bool), q_rel.astype(bool)
    parts = {
        "profession": profession_score(occ, wanted),
        "location": location_score(kato, js.kato_id),
        "education": (js.education >= edu.astype(int)).astype(float),
        "experience": ratio(np.full(len(ids), js.experience_years, dtype=float), exp),
        "wage": ratio(wage.astype(float), np.full(len(ids), js.desired_wage)),
        "quota": quota_score(
            q_dis, q_rel, np.full(len(ids), js.tg_disability), np.full(len(ids), js.tg_released)
        ),
    }
    total = total_score(parts)
    top = top_rows(total, limit)
    chosen = Vacancy.objects.select_related("employer", "occupation", "kato").in_bulk(
        [int(ids[i]) for i in top]
    )
    matches = []
    for i in top:
        part = {k: float(v[i]) for k, v in parts.items()}
        reasons = reasons_of(
            part,
            occupation=str(occ[i]),
            wanted=wanted,
            wage=int(wage[i]),
            desired=js.desired_wage,
            education_met=part["education"] == 1.0,
            quota=quota_reason(part["quota"], bool(q_dis[i]), bool(q_rel[i])),
        )
        matches.append(Match(score=float(total[i]), parts=part, reasons=reasons, vacancy=chosen[int(ids[i])]))
    if audit:
        audit_log.read(
            actor=user,
            object_type="employment.match",
            object_id=js.pk,
            person_id=js.person_id,
            territory=js.kato_id,
        )
    return matches


def match_candidates(*, user: Actor, vacancy_id: int, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Registered jobseekers of the user's territory suitable for a vacancy, best first."""
    _require(user)
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    if vacancy is None:
        raise NotFound(_("No such vacancy."))
    prefixes = policy.prefixes(user)
    region = vacancy.kato_id[:2]
    scopes = (
        [p for p in prefixes if p.startswith(region) or region.startswith(p)]
        if prefixes is not None
        else [region]
    )
    if not scopes:
        return []
    prof, js = JobseekerProfession._meta.db_table, Jobseeker._meta.db_table
    like = " OR ".join(["j.kato_code LIKE %s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {CANDIDATE_COLUMNS} FROM {prof} p JOIN {js} j ON j.id = p.jobseeker_id "  # noqa: S608
            f"WHERE p.sub_major_group = %s AND p.active AND ({like})",
            [vacancy.sub_major_group, *[s + "%" for s in scopes]],
        )
        rows = cursor.fetchall()
    if not rows:
        return []
    ids, occ, kato, edu, exp, desired, dis, rel = (np.array(c) for c in zip(*rows, strict=True))
    n = len(ids)
    wanted = [vacancy.occupation_id]
    # A profession row scores the vacancy's occupation against the jobseeker's one (symmetric).
    occ_score = np.where(
        occ.astype(str) == vacancy.occupation_id,
        1.0,
        np.where(codes_of(occ.astype(str), 3) == vacancy.minor_group, 0.7, 0.4),
    )
    parts = {
        "profession": occ_score,
        "location": location_score(kato, vacancy.kato_id),
        "education": (edu.astype(int) >= vacancy.education).astype(float),
        "experience": ratio(exp.astype(float), np.full(n, vacancy.experience_years)),
        "wage": ratio(np.full(n, float(vacancy.wage)), desired),
        "quota": quota_score(
            np.full(n, vacancy.quota_disabled),
            np.full(n, vacancy.quota_released),
            dis.astype(bool),
            rel.astype(bool),
        ),
    }
    total = total_score(parts)
    # One row per jobseeker: the best-scoring of their professions.
    order = np.lexsort((-total, ids))
    _uniq, first = np.unique(ids[order], return_index=True)
    best = order[first]
    top = best[top_rows(total[best], limit)]
    chosen = Jobseeker.objects.select_related("person").in_bulk([int(ids[i]) for i in top])
    matches = []
    for i in top:
        part = {k: float(v[i]) for k, v in parts.items()}
        reasons = reasons_of(
            part,
            occupation=str(occ[i]),
            wanted=wanted,
            wage=vacancy.wage,
            desired=int(desired[i]),
            education_met=part["education"] == 1.0,
            quota=quota_reason(part["quota"], vacancy.quota_disabled, vacancy.quota_released),
        )
        matches.append(
            Match(score=float(total[i]), parts=part, reasons=reasons, jobseeker=chosen[int(ids[i])])
        )
    audit_log.read(  # the ranked candidates name persons
        actor=user,
        obj=vacancy,
        object_type="employment.vacancy_candidates",
        persons=[js.person_id for js in chosen.values()],
        territory=vacancy.kato_id,
    )
    return matches
