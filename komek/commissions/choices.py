"""The commission's choices: the state of a meeting, members' roles, an item's outcome, a vote."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SIGNED = "signed", _("Protocol signed")
    HELD = "held", _("Held")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("commission", "Member")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Choice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")
    AGAINST = "against", pgettext_lazy("vote", "Against")
    ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")


class Kind(models.TextChoices):
    """The commissions of the department: the special commission deciding applications for social
    assistance (the agenda of applications, votes, the signed protocol) and the others."""

    SOCIAL_ASSISTANCE = "social_assistance", _("Special commission on social assistance")
    WORK_EXPERIENCE = "work_experience", _("Commission on establishing home-front work experience")
    SEMIPALATINSK = "semipalatinsk", _("Commission on citizens affected by the Semipalatinsk nuclear tests")
    DISABILITY_COUNCIL = "disability_council", _("Council for the Disabled")
    TRIPARTITE = "tripartite", _("Tripartite commission on social partnership")


#: The commissions examining a person's documents and deciding (a case of the commission).
CASE_KINDS = (Kind.WORK_EXPERIENCE, Kind.SEMIPALATINSK)
#: The commissions discussing questions and taking decisions (no cases, no applications).
AGENDA_KINDS = (Kind.DISABILITY_COUNCIL, Kind.TRIPARTITE)
#: Every kind but the special commission: its meetings are recorded as held.
HELD_KINDS = (*CASE_KINDS, *AGENDA_KINDS)


class CaseDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    POSITIVE = "positive", _("Positive decision")
    REFUSED = "refused", _("Refused")


class DocumentKind(models.TextChoices):
    ARCHIVE_CERTIFICATE = "archive", _("Archive certificate")
    WORK_RECORD_BOOK = "work_book", _("Work record book")
    WITNESS_STATEMENT = "witness", _("Witness's statement")
    RESIDENCE_CERTIFICATE = "residence", _("Certificate of residence")
    IDENTITY = "identity", _("Identity document")
    OTHER = "other", _("Other document")


#: The documents each commission examines.
DOCUMENTS_OF: dict[str, tuple[str, ...]] = {
    Kind.WORK_EXPERIENCE: (
        DocumentKind.ARCHIVE_CERTIFICATE, DocumentKind.WORK_RECORD_BOOK, DocumentKind.WITNESS_STATEMENT,
        DocumentKind.OTHER,
    ),
    Kind.SEMIPALATINSK: (
        DocumentKind.RESIDENCE_CERTIFICATE, DocumentKind.ARCHIVE_CERTIFICATE, DocumentKind.WITNESS_STATEMENT,
        DocumentKind.IDENTITY, DocumentKind.OTHER,
    ),
}  # fmt: skip


class Zone(models.TextChoices):
    """The zones of the Law of 18.12.1992 No. 1787-XII "On social protection of citizens affected by
    nuclear tests at the Semipalatinsk test site"."""

    EXTRAORDINARY = "extraordinary", _("Zone of extraordinary radiation risk")
    MAXIMUM = "maximum", _("Zone of maximum radiation risk")
    INCREASED = "increased", _("Zone of increased radiation risk")
    MINIMAL = "minimal", _("Zone of minimal radiation risk")
    PRIVILEGED = "privileged", _("Territory with a privileged socio-economic status")


class Side(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    EMPLOYERS = "employers", _("Employers")
    WORKERS = "workers", _("Workers")


class AgreementLevel(models.TextChoices):
    GENERAL = "general", _("General agreement")
    SECTORAL = "sectoral", _("Sectoral agreement")
    REGIONAL = "regional", _("Regional agreement")
