"""Every write of migration: kandas (consultations, status, invitations, support) and foreign labour
(permits within the quota, checks of employers)."""

from komek.migration.services.kandas import consultation_record, invitation_issue, kandas_assign, support_pay
from komek.migration.services.labour import check_record, permit_issue

__all__ = [
    "check_record",
    "consultation_record",
    "invitation_issue",
    "kandas_assign",
    "permit_issue",
    "support_pay",
]
