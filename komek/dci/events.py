"""Registry changes written to the DCI outbox (:class:`~komek.dci.models.DciEvent`) by signal
receivers, so in the very transaction of the change: a change rolled back leaves no event, and an
event is never lost once the change is committed. After the commit the outbox is dispatched to the
subscriptions and the notifications posted (``komek dci deliver`` does it again for what failed).

An event is written only while some subscription to its kind exists. Bulk paths that bypass
``save()`` (the CSV import, the demo generator) send no events (ADR 0032).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from komek.dci.models import DciEvent, DciSubscription
from komek.registry.models import Family, Membership, Person


def _wanted(*kinds: str) -> set[str]:
    return set(
        DciSubscription.objects.filter(event_type__in=kinds, ended_at__isnull=True)
        .values_list("event_type", flat=True)
        .distinct()
    )


def _write(kind: str, *, kato: str, person_id: int | None = None, family_id: int | None = None) -> None:
    DciEvent.objects.create(
        event_type=kind, person_id=person_id, family_id=family_id, kato=kato, at=timezone.now()
    )
    if settings.KOMEK_DCI_DELIVER_ON_COMMIT:
        transaction.on_commit(_dispatch)  # a second dispatch after the same commit finds nothing left


def _dispatch() -> None:
    from komek.dci.services.subscriptions import dispatch_events

    dispatch_events()


def _remember(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before a save of an existing person or family: what it was, when someone listens."""
    instance._dci_before = None
    if instance.pk is None or kwargs.get("raw") or not _wanted("Death", "ChangeOfAddress"):
        return
    instance._dci_before = (
        type(instance)
        .objects.filter(pk=instance.pk)
        .values("kato_id", "street", *(("death_date",) if sender is Person else ()))
        .first()
    )


def person_saved(sender: Any, instance: Person, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if created:
        wanted = _wanted("REGISTER", "LiveBirth")
        if "REGISTER" in wanted:
            _write("REGISTER", kato=instance.kato_id, person_id=instance.pk)
        recent = timezone.localdate() - dt.timedelta(days=366)
        if "LiveBirth" in wanted and instance.birth_date and instance.birth_date >= recent:
            _write("LiveBirth", kato=instance.kato_id, person_id=instance.pk)
        return
    before = getattr(instance, "_dci_before", None)
    if not before:
        return
    wanted = _wanted("Death", "ChangeOfAddress")
    if "Death" in wanted and before["death_date"] is None and instance.death_date is not None:
        _write("Death", kato=instance.kato_id, person_id=instance.pk)
    if "ChangeOfAddress" in wanted and (before["kato_id"], before["street"]) != (
        instance.kato_id,
        instance.street,
    ):
        _write("ChangeOfAddress", kato=instance.kato_id, person_id=instance.pk)


def family_saved(sender: Any, instance: Family, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_dci_before", None)
    if created or kwargs.get("raw") or not before or "ChangeOfAddress" not in _wanted("ChangeOfAddress"):
        return
    if (before["kato_id"], before["street"]) != (instance.kato_id, instance.street):
        _write("ChangeOfAddress", kato=instance.kato_id, family_id=instance.pk)


def membership_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    ended = instance.valid_to is not None
    if not created and not ended:
        return
    wanted = _wanted("NewHouseHoldMember", "ChangeOfFamily")
    if not wanted:
        return
    kato = Family.objects.filter(pk=instance.family_id).values_list("kato_id", flat=True).first() or ""
    if created and not ended and "NewHouseHoldMember" in wanted:
        _write("NewHouseHoldMember", kato=kato, person_id=instance.person_id, family_id=instance.family_id)
    if "ChangeOfFamily" in wanted:
        _write("ChangeOfFamily", kato=kato, person_id=instance.person_id, family_id=instance.family_id)


def connect() -> None:
    pre_save.connect(_remember, sender=Person, dispatch_uid="dci-person-before")
    pre_save.connect(_remember, sender=Family, dispatch_uid="dci-family-before")
    post_save.connect(person_saved, sender=Person, dispatch_uid="dci-person-saved")
    post_save.connect(family_saved, sender=Family, dispatch_uid="dci-family-saved")
    post_save.connect(membership_saved, sender=Membership, dispatch_uid="dci-membership-saved")
