"""The choices of common: the levels of the KATO classifier and the actions of the audit log.

Codes are stored in the database; labels are translated.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class KatoLevel(models.IntegerChoices):
    REGION = 1, _("Region or city of republican significance")
    DISTRICT = 2, _("District or town of regional significance")
    RURAL_DISTRICT = 3, _("Rural district or town administration")
    SETTLEMENT = 4, _("Settlement")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    READ = "read", _("Read")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    REFUSE = "refuse", _("Refusal")
