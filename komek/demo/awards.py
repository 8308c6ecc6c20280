"""The demo's state awards to mothers of large families, made through the services (no figure typed in).

Almaty, 2020: "in accordance with the Law of the Republic of Kazakhstan «On State Awards of the
Republic of Kazakhstan» of 12 December 1995 No. 2676, documents were sent to the Administration of the
President of the Republic of Kazakhstan and the akimat of Almaty for 369 mothers of large families, of
them 66 for the pendants «Алтын алқа», who bore and raised seven or more children, and 303 for «Күміс
алқа», who bore and raised six children" (the report of the Almaty Social Welfare Department for
2020). The demo takes the mothers of the demo city district's registry (born by 1985) and, when it
holds too few, registers more through the registry's services, each with her family and youngest
child; the grown children living apart are entered as children not in the registry, with the reason.
The «Алтын алқа» documents go to the Administration of the President, the «Күміс алқа» ones to the
akimat (the report names both addressees, not which documents went where).

And the demo town this year: a few cases at each step (prepared, sent, awarded, presented).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from komek.awards.choices import CHILDREN_REQUIRED, Addressee, Decision, Grade
from komek.awards.models import AwardCase
from komek.awards.selectors import registered_children
from komek.awards.services import award_present, case_open, decision_record, documents_send
from komek.registry.choices import Relation, Sex
from komek.registry.iin import Sex as IINSex
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.persons import person_create

ALMATY_DISTRICT = "751110000"  # the demo city district (komek demo's DEMO_CITY_DISTRICT)
BALKHASH_TOWN = "351610000"
ALMATY_2020 = ((Grade.ALTYN, 66), (Grade.KUMIS, 303))
APART = "Взрослые дети живут отдельно, в регистре не состоят (свидетельства о рождении)"
SURNAMES = ("Ахметова", "Сейткали", "Жумабаева", "Омарова", "Касымова", "Нурланова", "Бекова", "Тулегенова")
NAMES = ("Айгуль", "Гульнар", "Жанар", "Сауле", "Алия", "Роза", "Бибигуль", "Динара", "Асель", "Зауре")


def _iins(born: dt.date, sex: IINSex, start: int) -> Iterator[str]:
    for serial in range(start, 10_000):
        iin = make_iin(born, sex, serial)
        if iin and not Person.objects.filter(iin=iin).exists():
            yield iin


def _mother(actor: Any, kato: str, n: int) -> Person:
    """A mother registered with her family and her youngest child (the demo's own large family)."""
    born = dt.date(1968 + n % 15, 1 + n % 12, 1 + n % 28)
    mother = person_create(
        actor=actor, iin=next(_iins(born, "female", 5000 + n % 4000)), surname=SURNAMES[n % len(SURNAMES)],
        name=NAMES[n % len(NAMES)], birth_date=born, sex=Sex.FEMALE, kato=kato,
    )  # fmt: skip
    young = dt.date(2004 + n % 4, 1 + (n + 5) % 12, 1 + (n + 3) % 28)
    boy = bool(n % 2)
    sex = Sex.MALE if boy else Sex.FEMALE
    iin = next(_iins(young, "male" if boy else "female", 6000 + n % 3000))
    child = person_create(
        actor=actor, iin=iin, surname=mother.surname,
        name="Ерлан" if boy else "Аружан", birth_date=young, sex=sex, kato=kato,
    )  # fmt: skip
    family_create(
        actor=actor, kato=kato, valid_from=dt.date(2008, 1, 1),
        members=[MemberSpec(mother, Relation.HEAD), MemberSpec(child, Relation.CHILD)],
    )  # fmt: skip
    return mother


def _mothers(actor: Any, kato: str, count: int, born_by: int) -> list[Person]:
    """``count`` women of the territory without an award case: the registry's first, then new ones."""
    taken = AwardCase.objects.values("person_id")
    found = list(
        Person.objects.filter(
            kato__code__startswith=kato[:4], sex=Sex.FEMALE, birth_date__year__lte=born_by, death_date=None
        )
        .exclude(pk__in=taken)
        .order_by("id")[:count]
    )
    return found + [_mother(actor, kato, n) for n in range(len(found), count)]


def _open(actor: Any, mother: Person, grade: Grade, day: dt.date) -> AwardCase:
    other = max(CHILDREN_REQUIRED[grade] - registered_children(mother.pk), 0)
    return case_open(
        actor=actor, person_id=mother.pk, grade=grade, opened_on=day,
        children_other=other, children_other_reason=APART if other else "",
    )  # fmt: skip


def demo_almaty_2020(actor: Any) -> int:
    """Almaty's 369 documents of 2020: 66 for «Алтын алқа», 303 for «Күміс алқа»."""
    mothers = iter(_mothers(actor, ALMATY_DISTRICT, sum(n for _g, n in ALMATY_2020), 1985))
    made = 0
    for grade, count in ALMATY_2020:
        for n in range(count):
            opened = dt.date(2020, 1 + n % 11, 1 + n % 27)
            found = _open(actor, next(mothers), grade, opened)
            addressee = Addressee.PRESIDENT if grade == Grade.ALTYN else Addressee.AKIMAT
            documents_send(
                actor=actor, case_id=found.pk, sent_on=opened + dt.timedelta(days=14), addressee=addressee
            )
            made += 1
    return made


def demo_this_year(actor: Any) -> int:
    """A few cases of the demo town this year, one at each step."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=90)
    mothers = _mothers(actor, BALKHASH_TOWN, 5, today.year - 35)
    cases = [
        _open(actor, mother, Grade.ALTYN if n % 2 else Grade.KUMIS, start) for n, mother in enumerate(mothers)
    ]
    for found in cases[1:]:
        documents_send(
            actor=actor, case_id=found.pk, sent_on=start + dt.timedelta(days=10), addressee=Addressee.AKIMAT
        )
    for n, found in enumerate(cases[2:]):
        decision_record(
            actor=actor, case_id=found.pk, decision_on=start + dt.timedelta(days=60),
            decision=Decision.REFUSED if n == 2 else Decision.GRANTED, decree="" if n == 2 else f"{1100 + n}",
        )  # fmt: skip
    award_present(actor=actor, case_id=cases[3].pk, presented_on=start + dt.timedelta(days=80))
    return len(cases)


def demo_awards(actor: Any) -> int:
    """The whole demo of the context (idempotent: nothing when award cases exist)."""
    if AwardCase.objects.exists():
        return 0
    return demo_almaty_2020(actor) + demo_this_year(actor)
