"""The demo's charity, made through the services (no figure typed in).

Almaty, 2020: "Продолжена работа по актуализации единой базы данных НПО, меценатов, благотворителей и
фондов ... С 1 августа реализуется проект «Социальный клуб «Шыңға өрлеу» ... В режиме онлайн клуб
охватил 510 детей ... обучаются 390 детей. Трудоустроено 72 профессиональных педагога из числа
пенсионеров и людей с инвалидностью. Всего проектом «Шыңға өрлеу» охвачено 900 детей ... в декабре
2020 года 527 малообеспеченных семей, а также 455 детей из социально-уязвимых слоев обеспечены одеждой,
обувью, продуктовыми наборами, бытовой химией, новогодними подарками, играми и др." (the report of the
Almaty Social Welfare Department for 2020, section VI "Проведение благотворительных мероприятий").
The families and children are those of the demo city district's registry; when it holds too few, the
demo registers more through the registry's services (a parent and a child each). The partners' names,
the project's end and the value of each gift are the demo's own.

Balkhash, 2018: "22 events have been held, attracting sponsorship in the amount of 1.0 million tenge,
covering 878 people" (the Balkhash department's report for 2018): the sponsors of the demo's events for
veterans (``komek.demo.veterans``) registered as partners, each event's sponsorship recorded as theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.utils import timezone

from komek.charity.choices import CampaignKind, Item, PartnerKind, TargetGroup
from komek.charity.models import Partner
from komek.charity.services import campaign_record, help_record, partner_record, sponsorship_record
from komek.employment.bin import make_bin
from komek.registry.choices import Relation, Sex
from komek.registry.iin import make_iin
from komek.registry.models import Membership, Person
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.persons import person_create
from komek.veterans.models import Event

ALMATY = "750000000"
ALMATY_DISTRICT = "751110000"  # the demo city district (komek demo's DEMO_CITY_DISTRICT)
BALKHASH = "351610000"
BALKHASH_AREA = "351600000"  # the town with its settlements (the demo town's registry)
#: The report's figures (the test checks the records give them back).
FAMILIES, CHILDREN = 527, 455
ONLINE, OFFLINE, EMPLOYED = 510, 390, 72
GIVEN_ON = dt.date(2020, 12, 20)
ALMATY_PARTNERS = (
    (PartnerKind.FUND, "Корпоративный фонд «Дом добра»"),
    (PartnerKind.NGO, "ОО «Союз благотворителей Алматы»"),
    (PartnerKind.ENTERPRISE, "ТОО «Алматы Трейд»"),
    (PartnerKind.PATRON, "Меценат Сейткали Б. А."),
)
FAMILY_HELP = (Item.FOOD, Item.CHEMICALS)
CHILD_HELP = (Item.CLOTHES, Item.SHOES, Item.NEW_YEAR, Item.TOYS)
_bins = iter(range(100, 10**5))


def _partner(actor: Any, kind: str, name: str, kato: str, on: dt.date) -> Partner:
    found = Partner.objects.filter(name=name).first()
    if found is not None:
        return found
    number = ""
    if kind in (PartnerKind.NGO, PartnerKind.FUND, PartnerKind.ENTERPRISE):
        while not number or Partner.objects.filter(bin=number).exists():
            number = make_bin(2005 + len(name) % 10, 1 + len(name) % 12, next(_bins)) or ""
    return partner_record(
        actor=actor, kind=kind, name=name, bin=number, kato=kato, registered_on=on,
        contact="+7 727 000 00 00" if kato == ALMATY else "+7 71036 0 00 00",
    )  # fmt: skip


def _iins(born: dt.date, sex: str, start: int) -> Iterator[str]:
    for serial in range(start, 10_000):
        iin = make_iin(born, sex, serial)  # type: ignore[arg-type]
        if iin and not Person.objects.filter(iin=iin).exists():
            yield iin


def _new_family(actor: Any, n: int) -> tuple[Person, Person]:
    """A parent and a child of the demo city district registered as a family."""
    born = dt.date(1980 + n % 15, 1 + n % 12, 1 + n % 28)
    parent = person_create(
        actor=actor, iin=next(_iins(born, "female", 3000 + n % 3000)), surname="Нурланова",
        name="Сауле", birth_date=born, sex=Sex.FEMALE, kato=ALMATY_DISTRICT,
    )  # fmt: skip
    young = dt.date(2008 + n % 10, 1 + (n + 3) % 12, 1 + (n + 5) % 28)
    child = person_create(
        actor=actor, iin=next(_iins(young, "male", 4000 + n % 3000)), surname="Нурланов",
        name="Ерлан", birth_date=young, sex=Sex.MALE, kato=ALMATY_DISTRICT,
    )  # fmt: skip
    family_create(
        actor=actor, kato=ALMATY_DISTRICT, valid_from=dt.date(2015, 1, 1),
        members=[MemberSpec(parent, Relation.HEAD), MemberSpec(child, Relation.CHILD)],
    )  # fmt: skip
    return parent, child


def _recipients(actor: Any) -> tuple[list[Person], list[Person]]:
    """A member of each of 527 families, and 455 children, of the demo city district on the date."""
    current = Membership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=GIVEN_ON),
        valid_from__lte=GIVEN_ON,
        person__kato__code__startswith=ALMATY_DISTRICT[:4],
        person__death_date__isnull=True,
        person__birth_date__lte=GIVEN_ON,
    ).select_related("person")
    heads: dict[int, Person] = {}
    children: list[Person] = []
    for m in current.order_by("family_id", "id")[:5000]:
        if len(heads) < FAMILIES:
            heads.setdefault(m.family_id, m.person)
        young = m.person.birth_date > GIVEN_ON.replace(year=GIVEN_ON.year - 18)
        if young and len(children) < CHILDREN and m.family_id in heads:
            children.append(m.person)
    made = 0
    while len(heads) < FAMILIES or len(children) < CHILDREN:
        parent, child = _new_family(actor, made)
        if len(heads) < FAMILIES:
            heads[-1 - made] = parent
        if len(children) < CHILDREN:
            children.append(child)
        made += 1
    return list(heads.values()), children


def demo_almaty_2020(actor: Any) -> int:
    """The register's partners, the project «Шыңға өрлеу» and December's help to 527 families and 455
    children."""
    partners = [_partner(actor, kind, name, ALMATY, dt.date(2020, 2, 1)) for kind, name in ALMATY_PARTNERS]
    campaign_record(
        actor=actor, kind=CampaignKind.PROJECT, title="Социальный клуб «Шыңға өрлеу»", kato=ALMATY,
        started=dt.date(2020, 8, 1), ended=dt.date(2020, 12, 31), target_group=TargetGroup.CHILDREN,
        description="Передача жизненного опыта, знаний и навыков детям младшего школьного возраста",
        partners=[partners[0].pk, partners[1].pk], children_online=ONLINE, children_offline=OFFLINE,
        employed=EMPLOYED,
    )  # fmt: skip
    december = campaign_record(
        actor=actor, kind=CampaignKind.CAMPAIGN, title="Благотворительная акция «Новый год в каждую семью»",
        kato=ALMATY, started=dt.date(2020, 12, 1), ended=dt.date(2020, 12, 31),
        target_group=TargetGroup.LOW_INCOME, partners=[p.pk for p in partners],
    )  # fmt: skip
    families, children = _recipients(actor)
    lines = 0
    for n, person in enumerate(families):
        help_record(
            actor=actor, campaign_id=december.pk, iin=person.iin, to_family=True,
            item=FAMILY_HELP[n % 2], quantity=1, value=15_000, date=GIVEN_ON,
            partner_id=partners[n % len(partners)].pk,
        )  # fmt: skip
        lines += 1
    for n, child in enumerate(children):
        help_record(
            actor=actor, campaign_id=december.pk, iin=child.iin, item=CHILD_HELP[n % 4], quantity=1,
            value=10_000, date=GIVEN_ON + dt.timedelta(days=n % 5), partner_id=partners[n % len(partners)].pk,
        )  # fmt: skip
        lines += 1
    return lines


def demo_balkhash_2018(actor: Any) -> int:
    """The sponsors of the demo town's events for veterans of 2018 as partners, their sponsorship."""
    events = Event.objects.filter(kato__code__startswith=BALKHASH[:4], date__year=2018, sponsorship__gt=0)
    made = 0
    for event in events.order_by("date", "id"):
        giver = _partner(actor, PartnerKind.ENTERPRISE, event.sponsor, BALKHASH, dt.date(2018, 1, 9))
        sponsorship_record(actor=actor, partner_id=giver.pk, event_id=event.pk, amount=event.sponsorship)
        made += 1
    return made


def demo_this_year(actor: Any) -> int:
    """A campaign of the demo town this year with a few lines of help in kind to its families."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=30)
    giver = _partner(actor, PartnerKind.NGO, "ОО «Милосердие Балхаша»", BALKHASH, start)
    campaign = campaign_record(
        actor=actor, kind=CampaignKind.CAMPAIGN, title="Акция «Дорога в школу»", kato=BALKHASH_AREA,
        started=start, ended=today + dt.timedelta(days=30), target_group=TargetGroup.LOW_INCOME,
        partners=[giver.pk],
    )  # fmt: skip
    members = Membership.objects.filter(
        valid_to__isnull=True, valid_from__lte=start, person__kato__code__startswith=BALKHASH[:4],
        person__death_date__isnull=True, relation=Relation.HEAD,
    ).select_related("person").order_by("id")[:5]  # fmt: skip
    for n, m in enumerate(members):
        help_record(
            actor=actor, campaign_id=campaign.pk, iin=m.person.iin, to_family=True, item=Item.CLOTHES,
            description="Школьная форма", quantity=2, value=18_000, date=start + dt.timedelta(days=n),
            partner_id=giver.pk,
        )  # fmt: skip
    return len(members)


def demo_charity(actor: Any) -> int:
    """The whole demo of the context (idempotent: nothing when partners exist)."""
    if Partner.objects.exists():
        return 0
    return demo_almaty_2020(actor) + demo_balkhash_2018(actor) + demo_this_year(actor)
