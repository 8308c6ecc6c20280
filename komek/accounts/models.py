from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from komek.accounts.choices import Reach, Role
from komek.accounts.roles import capabilities_of


class User(AbstractUser):
    """A member of staff. Belongs to one or more territorial units and has one role."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    reach = models.CharField(_("reach"), max_length=10, choices=Reach.choices, default=Reach.UNITS)
    units = models.ManyToManyField("common.KatoUnit", verbose_name=_("territorial units"), blank=True)
    preferred_language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="ru",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_known"),
        ]

    def can(self, capability: str) -> bool:
        return self.is_active and capability in capabilities_of(self.role)

    def territory_prefixes(self) -> list[str] | None:
        """KATO prefixes this user may see; None means the whole country.

        Read once per user object (so once per request) and kept with the reach it was read for;
        a change of the user's units drops it (``komek.accounts.signals``).
        """
        if self.reach == Reach.NATIONAL:
            return None
        cached = self.__dict__.get("_territory")
        if cached is not None and cached[0] == self.reach:
            return list(cached[1])
        prefixes = [unit.prefix for unit in self.units.all()]
        if self.reach == Reach.REGION:
            prefixes = [p[:2] for p in prefixes]
        result = sorted(set(prefixes))
        self.__dict__["_territory"] = (self.reach, tuple(result))
        return list(result)

    def forget_territory(self) -> None:
        """Drop the territory read earlier (its units changed)."""
        self.__dict__.pop("_territory", None)
