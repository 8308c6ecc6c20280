"""Ranked suitable vacancies for a jobseeker, and ranked candidates for a vacancy.

Candidates are filtered in SQL on indexed columns (open vacancies of the same sub-major group of
the classifier, in the same region; active jobseekers' professions of the vacancy's sub-major
group), read as plain columns, and scored with numpy over all of them at once. Only the top rows
are turned into objects with the reasons of their rank. Scores (0–1 each, weighted):

- profession: the same unit group 1.0, the same minor group (first three digits) 0.7, the same
  sub-major group 0.4;
- location: the same locality 1.0, the same settlement administration 0.8, the same town or district
  0.6, elsewhere in the region 0.3;
- education: the requirement met 1.0, otherwise 0;
- experience: the required years met 1.0, otherwise the share met;
- wage: at or above the expectation 1.0, otherwise the share of it;
- quota: a quota place the person is eligible for 1.0, an ordinary place 0.5, a quota place
  reserved for a group the person is not in 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.common.audit import audit_record
from komek.common.errors import NotFound, PermissionDenied
from komek.common.models import AuditAction
from komek.employment.codes import ACTIVE_STATUSES, Education, VacancyStatus
from komek.employment.models import Jobseeker, JobseekerProfession, Vacancy

WEIGHTS = {
    "profession": 0.35,
    "location": 0.15,
    "education": 0.15,
    "experience": 0.10,
    "wage": 0.15,
    "quota": 0.10,
}
DEFAULT_LIMIT = 20
VACANCY_COLUMNS = (
    "id, occupation_id, kato_code, education, experience_years, wage, quota_disabled, quota_released"
)
CANDIDATE_COLUMNS = (
    "p.jobseeker_id, p.occupation_id, j.kato_code, j.education, j.experience_years, j.desired_wage, "
    "j.tg_disability, j.tg_released"
)


@dataclass
class Match:
    score: float
    parts: dict[str, float]
    reasons: list[str] = field(default_factory=list)
    vacancy: Vacancy | None = None
    jobseeker: Jobseeker | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "score": round(self.score, 4),
            "parts": {k: round(v, 3) for k, v in self.parts.items()},
            "reasons": self.reasons,
        }
        if self.vacancy is not None:
            v = self.vacancy
            out["vacancy"] = {
                "id": v.pk,
                "title": v.title,
                "occupation": v.occupation_id,
                "employer": v.employer.name,
                "wage": v.wage,
                "kato": v.kato_id,
                "opened_on": v.opened_on.isoformat(),
            }
        if self.jobseeker is not None:
            out["jobseeker"] = {"id": self.jobseeker.pk, "person": self.jobseeker.person_id}
        return out


def _require(user: User) -> None:
    """Matching names persons: it needs the employment centre's records and persons' data."""
    if not (user.can(Capability.EMPLOYMENT_VIEW) and user.can(Capability.PERSON_VIEW)):
        raise PermissionDenied(_("Your role does not allow this action."))


def _visible(user: User, kato: str) -> bool:
    prefixes = user.territory_prefixes()
    return prefixes is None or any(kato.startswith(p) for p in prefixes)


def _codes(column: np.ndarray, length: int) -> np.ndarray:
    return np.array([c[:length] for c in column]) if len(column) else np.array([], dtype=str)


def _location(katos: np.ndarray, home: str) -> np.ndarray:
    score = np.full(len(katos), 0.3)
    for length, value in ((4, 0.6), (6, 0.8), (9, 1.0)):
        score = np.where(np.char.startswith(katos.astype(str), home[:length]), value, score)
    return score


def _profession(occupations: np.ndarray, wanted: list[str]) -> np.ndarray:
    occ = occupations.astype(str)
    score = np.full(len(occ), 0.4)
    score = np.where(np.isin(_codes(occ, 3), [c[:3] for c in wanted]), 0.7, score)
    return np.where(np.isin(occ, wanted), 1.0, score)


def _ratio(have: np.ndarray, need: np.ndarray) -> np.ndarray:
    """1 where ``have >= need``, else have/need (need 0 counts as met)."""
    need_f = need.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(need_f > 0, have / np.where(need_f > 0, need_f, 1), 1.0)
    return np.clip(share, 0.0, 1.0)


def _quota(
    q_disabled: np.ndarray, q_released: np.ndarray, disabled: np.ndarray, released: np.ndarray
) -> np.ndarray:
    quota_place = q_disabled | q_released
    eligible = (q_disabled & disabled) | (q_released & released)
    return np.where(eligible, 1.0, np.where(quota_place, 0.0, 0.5))


def _total(parts: dict[str, np.ndarray]) -> np.ndarray:
    return sum(WEIGHTS[k] * v for k, v in parts.items())  # type: ignore[return-value]


def _top(total: np.ndarray, limit: int) -> np.ndarray:
    idx = np.argpartition(-total, limit - 1)[:limit] if len(total) > limit else np.arange(len(total))
    return idx[np.argsort(-total[idx], kind="stable")]


def _reasons(
    part: dict[str, float],
    *,
    occupation: str,
    wanted: list[str],
    wage: int,
    desired: int,
    education_met: bool,
    quota: str,
) -> list[str]:
    out = []
    if occupation in wanted:
        out.append(_("Same occupation (%(code)s)") % {"code": occupation})
    elif part["profession"] >= 0.7:  # noqa: PLR2004
        out.append(_("Neighbouring occupation: same minor group %(group)s") % {"group": occupation[:3]})
    else:
        out.append(_("Related occupation: same sub-major group %(group)s") % {"group": occupation[:2]})
    location = {
        1.0: _("Same locality"),
        0.8: _("Same settlement administration"),
        0.6: _("Same town or district"),
    }
    out.append(location.get(round(part["location"], 1), _("Elsewhere in the region")))
    out.append(_("Education requirement met") if education_met else _("Education requirement not met"))
    if part["experience"] < 1:
        out.append(_("Less experience than required"))
    if desired and wage >= desired:
        out.append(_("Wage %(wage)s ₸ meets the expected %(desired)s ₸") % {"wage": wage, "desired": desired})
    elif desired:
        out.append(_("Wage %(wage)s ₸ below the expected %(desired)s ₸") % {"wage": wage, "desired": desired})
    if quota:
        out.append(quota)
    return out


def _quota_reason(part: float, q_disabled: bool, q_released: bool) -> str:
    if part == 1.0:
        return str(_("Quota place the person is eligible for"))
    if q_disabled or q_released:
        return str(_("Quota place reserved for another target group"))
    return ""


def match_vacancies(
    *, user: User, jobseeker_id: int, limit: int = DEFAULT_LIMIT, audit: bool = True
) -> list[Match]:
    """Open vacancies suitable for a registered jobseeker, best first, each with its reasons."""
    _require(user)
    js = Jobseeker.objects.filter(pk=jobseeker_id, status__in=ACTIVE_STATUSES).first()
    if js is None or not _visible(user, js.kato_id):
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
        "profession": _profession(occ, wanted),
        "location": _location(kato, js.kato_id),
        "education": (js.education >= edu.astype(int)).astype(float),
        "experience": _ratio(np.full(len(ids), js.experience_years, dtype=float), exp),
        "wage": _ratio(wage.astype(float), np.full(len(ids), js.desired_wage)),
        "quota": _quota(q_dis, q_rel, np.full(len(ids), js.tg_disability), np.full(len(ids), js.tg_released)),
    }
    total = _total(parts)
    top = _top(total, limit)
    chosen = Vacancy.objects.select_related("employer", "occupation", "kato").in_bulk(
        [int(ids[i]) for i in top]
    )
    matches = []
    for i in top:
        part = {k: float(v[i]) for k, v in parts.items()}
        reasons = _reasons(
            part,
            occupation=str(occ[i]),
            wanted=wanted,
            wage=int(wage[i]),
            desired=js.desired_wage,
            education_met=part["education"] == 1.0,
            quota=_quota_reason(part["quota"], bool(q_dis[i]), bool(q_rel[i])),
        )
        matches.append(Match(score=float(total[i]), parts=part, reasons=reasons, vacancy=chosen[int(ids[i])]))
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            object_type="employment.match",
            object_id=js.pk,
            person_id=js.person_id,
            territory=js.kato_id,
        )
    return matches


def match_candidates(*, user: User, vacancy_id: int, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Registered jobseekers of the user's territory suitable for a vacancy, best first."""
    _require(user)
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    if vacancy is None:
        raise NotFound(_("No such vacancy."))
    prefixes = user.territory_prefixes()
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
        np.where(_codes(occ.astype(str), 3) == vacancy.minor_group, 0.7, 0.4),
    )
    parts = {
        "profession": occ_score,
        "location": _location(kato, vacancy.kato_id),
        "education": (edu.astype(int) >= vacancy.education).astype(float),
        "experience": _ratio(exp.astype(float), np.full(n, vacancy.experience_years)),
        "wage": _ratio(np.full(n, float(vacancy.wage)), desired),
        "quota": _quota(
            np.full(n, vacancy.quota_disabled),
            np.full(n, vacancy.quota_released),
            dis.astype(bool),
            rel.astype(bool),
        ),
    }
    total = _total(parts)
    # One row per jobseeker: the best-scoring of their professions.
    order = np.lexsort((-total, ids))
    _uniq, first = np.unique(ids[order], return_index=True)
    best = order[first]
    top = best[_top(total[best], limit)]
    chosen = Jobseeker.objects.select_related("person").in_bulk([int(ids[i]) for i in top])
    matches = []
    for i in top:
        part = {k: float(v[i]) for k, v in parts.items()}
        reasons = _reasons(
            part,
            occupation=str(occ[i]),
            wanted=wanted,
            wage=vacancy.wage,
            desired=int(desired[i]),
            education_met=part["education"] == 1.0,
            quota=_quota_reason(part["quota"], vacancy.quota_disabled, vacancy.quota_released),
        )
        matches.append(
            Match(score=float(total[i]), parts=part, reasons=reasons, jobseeker=chosen[int(ids[i])])
        )
    return matches


EDUCATION_LABELS = dict(Education.choices)
