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
from typing import TYPE_CHECKING, Any

import numpy as np
from django.utils.translation import gettext as _

from komek.employment.choices import Education

if TYPE_CHECKING:
    from komek.employment.models import Jobseeker, Vacancy

WEIGHTS = {
    "profession": 0.35,
    "location": 0.15,
    "education": 0.15,
    "experience": 0.10,
    "wage": 0.15,
    "quota": 0.10,
}


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


def codes_of(column: np.ndarray, length: int) -> np.ndarray:
    return np.array([c[:length] for c in column]) if len(column) else np.array([], dtype=str)


def location_score(katos: np.ndarray, home: str) -> np.ndarray:
    score = np.full(len(katos), 0.3)
    for length, value in ((4, 0.6), (6, 0.8), (9, 1.0)):
        score = np.where(np.char.startswith(katos.astype(str), home[:length]), value, score)
    return score


def profession_score(occupations: np.ndarray, wanted: list[str]) -> np.ndarray:
    occ = occupations.astype(str)
    score = np.full(len(occ), 0.4)
    score = np.where(np.isin(codes_of(occ, 3), [c[:3] for c in wanted]), 0.7, score)
    return np.where(np.isin(occ, wanted), 1.0, score)


def ratio(have: np.ndarray, need: np.ndarray) -> np.ndarray:
    """1 where ``have >= need``, else have/need (need 0 counts as met)."""
    need_f = need.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(need_f > 0, have / np.where(need_f > 0, need_f, 1), 1.0)
    return np.clip(share, 0.0, 1.0)


def quota_score(
    q_disabled: np.ndarray, q_released: np.ndarray, disabled: np.ndarray, released: np.ndarray
) -> np.ndarray:
    quota_place = q_disabled | q_released
    eligible = (q_disabled & disabled) | (q_released & released)
    return np.where(eligible, 1.0, np.where(quota_place, 0.0, 0.5))


def total_score(parts: dict[str, np.ndarray]) -> np.ndarray:
    return sum(WEIGHTS[k] * v for k, v in parts.items())  # type: ignore[return-value]


def top_rows(total: np.ndarray, limit: int) -> np.ndarray:
    idx = np.argpartition(-total, limit - 1)[:limit] if len(total) > limit else np.arange(len(total))
    return idx[np.argsort(-total[idx], kind="stable")]


def reasons_of(
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


def quota_reason(part: float, q_disabled: bool, q_released: bool) -> str:
    if part == 1.0:
        return str(_("Quota place the person is eligible for"))
    if q_disabled or q_released:
        return str(_("Quota place reserved for another target group"))
    return ""


EDUCATION_LABELS = dict(Education.choices)
