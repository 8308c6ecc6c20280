"""The writes of the contests Еңбек жолы and Парыз: a contest of a year with its nominations, the
participants (persons of the registry) or applications (enterprises by their BIN, checked as the
employment centre checks BINs), and the winners of each nomination.

"Проведен республиканский конкурс «Еңбек жолы», приняли участие 10 претендентов. Путем онлайн
голосования определены 3 победителя по каждой номинации. В рамках конкурса «Парыз-2020» поданы заявки
от 5 субъектов частного предпринимательства по двум номинациям" (the report of the Almaty Social
Welfare Department for 2020)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals
from komek.employment.bin import validate_bin
from komek.employment.models import Contest, ContestEntry, Nomination
from komek.employment.programme_choices import ContestKind
from komek.employment.services._checks import audit, positive_int, today
from komek.employment.services.programme import FIRST_DATE, day_of, person_of, text_of, unit_of

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals("employment.contest")
def contest_record(*, actor: Actor, kind: Any, year: Any, kato: Any, title: Any, nominations: Any) -> Contest:
    """A contest of a year with its nominations, each ``(title, winners allowed)``."""
    unit = unit_of(actor, kato)
    if str(kind or "") not in ContestKind.values:
        raise DomainError(_("Choose the contest."), field="kind")
    number = positive_int(year, field="year")
    if not FIRST_DATE.year <= number <= today().year:
        raise DomainError(
            _("A year from %(first)d to %(last)d.") % {"first": FIRST_DATE.year, "last": today().year},
            field="year",
        )
    name = text_of(title, "title")
    named: list[tuple[str, int]] = []
    for item in nominations or ():
        nomination, allowed = item
        named.append((text_of(nomination, "nominations"), positive_int(allowed, field="nominations")))
    if not named:
        raise DomainError(_("Name at least one nomination."), field="nominations")
    if len({n for n, _a in named}) != len(named):
        raise DomainError(_("A nomination is named twice."), field="nominations")
    with transaction.atomic():
        if Contest.objects.filter(kind=str(kind), year=number, kato=unit).exists():
            raise DomainError(
                _("This contest of the year is recorded for the territory already."), field="kind"
            )
        found = Contest.objects.create(kind=str(kind), year=number, kato=unit, title=name)
        Nomination.objects.bulk_create(
            [Nomination(contest=found, title=n, winners_allowed=a) for n, a in named]
        )
        audit(
            actor=actor,
            territory=unit.code,
            obj=found,
            changes={
                "kind": [None, found.kind],
                "year": [None, number],
                "title": [None, name],
                "nominations": [None, [[n, a] for n, a in named]],
            },
        )
    return found


def _nomination(actor: Actor, nomination_id: Any) -> Nomination:
    found = (
        Nomination.objects.select_related("contest").filter(pk=nomination_id).first()
        if str(nomination_id).isdigit()
        else None
    )
    if found is None or not policy.in_territory(actor, found.contest.kato_id):
        raise DomainError(_("No such nomination of a contest of your territory."), field="nomination")
    return found


@audited_refusals("employment.contestentry")
def contest_entry_record(
    *,
    actor: Actor,
    nomination_id: Any,
    applied: Any,
    iin: Any = "",
    enterprise: Any = "",
    bin: Any = "",  # noqa: A002 (the field's name)
) -> ContestEntry:
    """A participant of a nomination: a person of the registry (by IIN) or an enterprise (by its name
    and BIN), applying within the contest's year, once a nomination."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    nomination = _nomination(actor, nomination_id)
    day = day_of(applied, "applied")
    if day.year != nomination.contest.year:
        raise DomainError(
            _("The contest is of %(year)d: the application is dated another year.")
            % {"year": nomination.contest.year},
            field="applied",
        )
    has_person, has_bin = bool(str(iin or "").strip()), bool(str(bin or "").strip())
    if has_person == has_bin:
        raise DomainError(_("Give either the participant's IIN or the enterprise's BIN."), field="iin")
    person, code, name = None, "", ""
    if has_person:
        person = person_of(actor, iin)
    else:
        code = validate_bin(str(bin))
        name = text_of(enterprise, "enterprise")
    with transaction.atomic():
        Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
        same = ContestEntry.objects.filter(nomination__contest=nomination.contest)
        if (person is not None and same.filter(person=person).exists()) or (
            code and same.filter(bin=code).exists()
        ):
            raise DomainError(
                _("This participant has applied to the contest already."), field="bin" if code else "iin"
            )
        found = ContestEntry.objects.create(
            nomination=nomination, person=person, enterprise=name, bin=code, applied=day
        )
        audit(
            actor=actor,
            territory=nomination.contest.kato_id,
            obj=found,
            person_id=person.pk if person else None,
            changes={
                "nomination": [None, nomination.pk],
                "bin": [None, code],
                "enterprise": [None, name],
                "applied": [None, day.isoformat()],
            },
        )
    return found


@audited_refusals("employment.nomination", id_kwarg="nomination_id")
def winners_declare(*, actor: Actor, nomination_id: Any, entry_ids: Any) -> list[ContestEntry]:
    """The winners of a nomination: participants of that nomination, no more than it allows (declared
    again, the new list replaces the old)."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    nomination = _nomination(actor, nomination_id)
    wanted = {int(i) for i in (entry_ids or ()) if str(i).isdigit()}
    if not wanted or len(wanted) != len(list(entry_ids or ())):
        raise DomainError(_("Choose the winners among the nomination's participants."), field="entry_ids")
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        entries = list(ContestEntry.objects.filter(nomination=locked, pk__in=wanted))
        strangers = wanted - {e.pk for e in entries}
        if strangers:
            raise DomainError(
                _("Not a participant of the nomination “%(nomination)s”: entry %(ids)s.")
                % {"nomination": locked.title, "ids": ", ".join(map(str, sorted(strangers)))},
                field="entry_ids",
            )
        if len(entries) > locked.winners_allowed:
            raise DomainError(
                _("The nomination “%(nomination)s” has at most %(allowed)d winners: %(n)d are chosen.")
                % {"nomination": locked.title, "allowed": locked.winners_allowed, "n": len(entries)},
                field="entry_ids",
            )
        ContestEntry.objects.filter(nomination=locked).exclude(pk__in=wanted).update(winner=False)
        ContestEntry.objects.filter(pk__in=wanted).update(winner=True)
        audit(
            actor=actor,
            territory=locked.contest.kato_id,
            obj=locked,
            action=AuditAction.UPDATE,
            changes={"winners": [None, sorted(wanted)]},
        )
    return entries
