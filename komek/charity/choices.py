"""The choices of charity: the kinds of partners, of campaigns, their target groups and the things
given in kind ("одежда, обувь, продуктовые наборы, бытовая химия, новогодние подарки, игры" — the
report of the Almaty Social Welfare Department for 2020)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: A person is a child until the 18th birthday.
CHILD_AGE = 18


class PartnerKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    PATRON = "patron", pgettext_lazy("charity partner", "Patron")  # a меценат, not a veterans' patron
    DONOR = "donor", _("Donor")
    FUND = "fund", _("Fund")
    ENTERPRISE = "enterprise", _("Enterprise")


#: The kinds that are legal entities and so have a BIN; a patron or a donor may be a private person.
LEGAL_ENTITIES = frozenset({PartnerKind.NGO, PartnerKind.FUND, PartnerKind.ENTERPRISE})


class CampaignKind(models.TextChoices):
    CAMPAIGN = "campaign", _("Charity campaign")
    PROJECT = "project", _("Social project")


class TargetGroup(models.TextChoices):
    LOW_INCOME = "low_income", _("Low-income families")
    LARGE_FAMILIES = "large_families", _("Large families")
    CHILDREN = "children", _("Children")
    DISABILITY = "disability", _("Persons with disability")
    PENSIONERS = "pensioners", _("Pensioners")
    VETERANS = "veterans", _("Veterans")
    OTHER = "other", _("Other")


class Item(models.TextChoices):
    CLOTHES = "clothes", _("Clothes")
    SHOES = "shoes", _("Shoes")
    FOOD = "food", _("Food set")
    CHEMICALS = "chemicals", _("Household chemicals")
    NEW_YEAR = "new_year", _("New Year gift")
    TOYS = "toys", _("Toys and games")
    SCHOOL = "school", _("School supplies")
    OTHER = "other", _("Other")
