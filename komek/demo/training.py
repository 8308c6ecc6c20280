"""The demo's short-term vocational training in Almaty's 2020, made through the services (ADR 0062).

"План по краткосрочному профобучению составляет 1000 чел., выделено 226,9 млн. тенге. Региональной
комиссией утверждены перечни 25 учебных центров, 27 профессий. Всего направлено 1 005 чел. (завершили
932 чел.), освоено 100%." (the report of the Almaty Social Welfare Department for 2020, section VII).

Scale (ADR 0046): the persons sent and finished, the plan and its money are recorded at a tenth (a
thousandth for the tests walking every page), the two lists as the report gives them. The lists are
imported as a file through the commission decision's import; the persons are registered as jobseekers,
sent and completed through the employment centre's services. Invented for the demo only: the centres'
names, which professions of the classifier are approved, the decision's number and date, and the
costs, chosen around the money per person sent so that the money spent is the money allocated
("освоено 100%")."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from komek.accounts.choices import Role
from komek.accounts.models import User
from komek.accounts.services.users import user_create
from komek.demo.programme_people import ALMATY, HOME, YEAR, _person, scaled
from komek.employment.models import Course, Occupation, TrainingList
from komek.employment.services.jobseekers import jobseeker_register
from komek.employment.services.measures import measure_complete, measure_enrol
from komek.employment.services.plans import plan_set
from komek.employment.services.training import training_lists_import

#: The report's figures (the test checks the records give them back at the demo's scale).
PLAN, ALLOCATED, CENTRES, PROFESSIONS, SENT, FINISHED = 1000, 226_900_000, 25, 27, 1005, 932
SCALE = 10
#: The classifier's sub-major groups the demo's professions are taken from, in order: crafts,
#: services, operators, clerks (the trades short courses teach).
GROUPS = ("71", "72", "74", "75", "51", "53", "83", "41", "43", "81")
STEMS = ("Кәсіп", "Шебер", "Білім", "Өрлеу", "Мамандық", "Болашақ", "Алатау")
COUNSELLOR = "almaty_training_counsellor"
DOCUMENTS = ["application", "identity", "education", "employment_record"]


def _professions(count: int) -> list[str]:
    """``count`` professions of the classifier, a few of each group in turn."""
    by_group = {
        g: list(Occupation.objects.filter(code__startswith=g).values_list("code", flat=True)) for g in GROUPS
    }
    chosen: list[str] = []
    for depth in range(max(len(v) for v in by_group.values())):
        chosen += [codes[depth] for codes in by_group.values() if depth < len(codes)]
    return chosen[:count]


def _costs(codes: list[str], persons: int, money: int) -> dict[str, int]:
    """A cost per profession such that the persons sent in turn (person ``i`` to profession
    ``i % len(codes)``) cost the money per person each on average (``money`` when it divides): the
    money per person, moved up and down in pairs of professions sending the same number of persons."""
    base = money // persons
    counts = {c: len(range(i, persons, len(codes))) for i, c in enumerate(codes)}
    costs = dict.fromkeys(codes, base)
    for n in set(counts.values()):
        same = [c for c in codes if counts[c] == n]
        for j in range(0, len(same) - 1, 2):
            step = 4_000 * (j // 2 + 1)
            costs[same[j]] += step
            costs[same[j + 1]] -= step
    return costs


def _counsellor(actor: Any) -> User:
    """Almaty's employment counsellor who registers and sends the demo's persons (a jobseeker's
    registration names a member of staff); no known password, nobody signs in as them."""
    found = User.objects.filter(username=COUNSELLOR).first()
    return found or user_create(
        actor=actor, username=COUNSELLOR, password=secrets.token_urlsafe(32),
        role=Role.EMPLOYMENT_COUNSELLOR, units=[ALMATY],
    )  # fmt: skip


def demo_training(actor: Any, *, small: bool = False) -> int:
    """Almaty's 2020 of short-term training (idempotent: nothing when the year's decision is there);
    ``small``: a hundredth of the demo's scale. Returns the persons sent."""
    if TrainingList.objects.filter(kato_id=ALMATY, year=YEAR).exists():
        return 0
    scale = SCALE * (10 if small else 1)
    sent, finished = scaled(SENT, scale), scaled(FINISHED, scale)
    codes = _professions(PROFESSIONS)
    costs = _costs(codes, sent, ALLOCATED // scale)
    # The money allocated is what the persons sent cost: "освоено 100%".
    money = sum(costs[codes[i % len(codes)]] for i in range(sent))
    centres = [f"Учебный центр «{STEMS[i % len(STEMS)]}-{i + 1}»" for i in range(CENTRES)]
    rows = ["centre,profession,cost", *centres, *(f",{c},{costs[c]}" for c in codes)]
    decision = training_lists_import(
        actor=actor, kato=ALMATY, year=YEAR, number="12-р", decided_on=dt.date(YEAR, 1, 20),
        content="\n".join(rows).encode(),
    )  # fmt: skip
    plan_set(
        actor=actor,
        year=YEAR,
        kato=ALMATY,
        indicator="training",
        planned=scaled(PLAN, scale),
        allocated=money,
    )
    counsellor = _counsellor(actor)
    providers = [c.provider for c in decision.centres.select_related("provider").order_by("id")]
    titles = dict(Occupation.objects.filter(code__in=codes).values_list("code", "title_ru"))
    courses = [
        Course.objects.create(
            provider=providers[i % len(providers)], title=titles[c][:200], occupation_id=c, months=Decimal(3)
        )
        for i, c in enumerate(codes)
    ]
    for i in range(sent):
        person = _person(actor, 20000 + i, dt.date(1985 + i % 15, 1 + i % 12, 1 + i % 28))
        course = courses[i % len(courses)]
        jobseeker_register(
            actor=counsellor, person=person, on=dt.date(YEAR, 1, 15 + i % 10), documents=DOCUMENTS,
            professions=[course.occupation_id], kato=HOME,
        )  # fmt: skip
        start = dt.date(YEAR, 2 + i % 6, 1)
        end = dt.date(YEAR, 4 + i % 6, 28)
        p = measure_enrol(
            actor=counsellor, kind="training", person=person, course=course, date_from=start, date_to=end
        )
        if i < finished:
            measure_complete(actor=counsellor, participation=p, on=end)
    return sent
