"""The choices of rehabilitation: aid kinds, queue priorities, care settings, institution profiles.

Codes are stored in the database and used in imports and on the command line; labels are translated.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AidKind(models.TextChoices):
    """The entitlements an individual rehabilitation programme (IPR) lists (DOMAIN.md, seed 003)."""

    PROSTHETIC = "prosthetic", _("Prosthetic and orthopaedic aids")
    HEARING = "hearing", _("Hearing aids")
    TYPHLO = "typhlo", _("Aids for the blind")
    WHEELCHAIR = "wheelchair", _("Wheelchairs")
    MOBILITY = "mobility", _("Mobility aids")
    HYGIENE = "hygiene", _("Hygiene products")
    SANATORIUM = "sanatorium", _("Sanatorium treatment")
    SIGN_LANGUAGE = "sign_language", _("Sign-language specialist")
    PERSONAL_ASSISTANT = "personal_assistant", _("Personal assistant")
    SPECIAL_TRANSPORT = "special_transport", _("Special transport")


# Aids delivered by suppliers and issued to the person, item by item.
ITEM_KINDS = frozenset(
    {
        AidKind.PROSTHETIC,
        AidKind.HEARING,
        AidKind.TYPHLO,
        AidKind.WHEELCHAIR,
        AidKind.MOBILITY,
        AidKind.HYGIENE,
    }
)
# Services measured in hours (or trips) against a yearly entitlement: given without a queue.
HOURS_KINDS = frozenset({AidKind.SIGN_LANGUAGE, AidKind.PERSONAL_ASSISTANT, AidKind.SPECIAL_TRANSPORT})
# Kinds a person waits for in a queue from the date of the application.
QUEUE_KINDS = frozenset(ITEM_KINDS | {AidKind.SANATORIUM})

# The replacement period of each aid (after it the person is entitled to a new one and goes back
# into the queue) and the sign-language specialist's yearly hours are legal terms of the legislation
# (aid_replacement_months by aid, sign_language_hours_per_year), read through komek.legislation.terms;
# an IPR may state another period for its own entitlement.


class Priority(models.IntegerChoices):
    """Legal priorities of a queue: a lower number comes first, then the date of the application."""

    VETERAN = 1, _("War veteran or person equated")
    CHILD = 2, _("Child with disability")
    GENERAL = 9, _("General order")


class QueueStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    PROVIDED = "provided", _("Provided")
    CANCELLED = "cancelled", _("Cancelled")


class IprSource(models.TextChoices):
    MANUAL = "manual", _("Entered by the specialist")
    IMPORT = "import", _("Imported from the medical-social examination")


class VoucherStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    ASSIGNED = "assigned", _("Assigned")
    USED = "used", _("Used")
    RETURNED = "returned", _("Returned")


class CareSetting(models.TextChoices):
    HOME = "home", _("Home care")
    DAY = "day", _("Day care")


class CareCategory(models.TextChoices):
    LONELY_ELDERLY = "lonely_elderly", _("Lonely elderly person")
    DISABLED = "disabled", _("Person with disability")
    DISABLED_CHILD = "disabled_child", _("Child with disability")


class InstitutionProfile(models.TextChoices):
    PSYCHONEUROLOGICAL = "psychoneurological", _("Psychoneurological")
    CHILDREN_PSYCHONEUROLOGICAL = "children_psychoneurological", _("Children's psychoneurological")
    ELDERLY_AND_DISABLED = "elderly_disabled", _("Elderly and persons with disabilities")
    REHABILITATION = "rehabilitation", _("Rehabilitation centre")
    SOCIAL_ADAPTATION = "social_adaptation", _("Social adaptation centre (temporary stay)")
    CRISIS = "crisis", _("Crisis centre for victims of domestic violence")


# The profiles a person waits for in the placement queue; the other institutions admit directly
# (a temporary stay, a crisis centre: ``SpecialService``).
QUEUE_PROFILES = (
    InstitutionProfile.PSYCHONEUROLOGICAL,
    InstitutionProfile.CHILDREN_PSYCHONEUROLOGICAL,
    InstitutionProfile.ELDERLY_AND_DISABLED,
    InstitutionProfile.REHABILITATION,
)
QUEUE_PROFILE_CHOICES = [(p.value, p.label) for p in QUEUE_PROFILES]


class SpecialService(models.TextChoices):
    """Special social services given by a stay with admission and leaving dates, by a state centre
    or an NGO under the state social order (the report of the Almaty Social Welfare Department for
    2020, section II)."""

    TEMPORARY_STAY = "temporary_stay", _("Temporary stay in a social adaptation centre")
    CRISIS = "crisis", _("Crisis centre for victims of domestic violence")
    VIOLENCE = "violence", _("Services to victims of domestic violence")
    TRAFFICKING = "trafficking", _("Services to victims of human trafficking")
    EARLY_INTERVENTION = "early_intervention", _("Early intervention for children under 3")
    INDEPENDENT_LIVING = "independent_living", _("Independent-living centres")


# The profile of the state centres that give a service (the others are given by NGOs' projects).
SERVICE_PROFILE: dict[str, str] = {
    SpecialService.TEMPORARY_STAY: InstitutionProfile.SOCIAL_ADAPTATION,
    SpecialService.CRISIS: InstitutionProfile.CRISIS,
}


# The services that work by caseload: each open stay has its responsible specialist (ADR 0045).
CASELOAD_SERVICES = frozenset(
    {SpecialService.CRISIS, SpecialService.EARLY_INTERVENTION, SpecialService.INDEPENDENT_LIVING}
)


class StayStatus(models.TextChoices):
    """A stay's state: waiting in the queue of its service and district, admitted (served, or left
    when ``left_on`` is set), or a waiting entry cancelled."""

    WAITING = "waiting", _("Waiting")
    ADMITTED = "admitted", _("Admitted")
    CANCELLED = "cancelled", _("Cancelled")


class LeavingReason(models.TextChoices):
    COMPLETED = "completed", _("The service is completed")
    OWN_WILL = "own_will", _("At the person's own will")
    TRANSFERRED = "transferred", _("Transferred to another institution or service")
    HOUSED = "housed", _("Housed or returned to the family")
    RULES = "rules", _("Breach of the centre's rules")
    DIED = "died", _("Death")
    OTHER = "other", _("Other")


class PlacementStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ADMITTED = "admitted", _("Admitted")
    DEPARTED = "departed", _("Departed")
    CANCELLED = "cancelled", _("Cancelled")
