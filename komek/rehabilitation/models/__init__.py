"""Rehabilitation: IPRs and entitlements, queues, supply, vouchers, hours, special social services."""

from komek.rehabilitation.models.care import (
    CareEnrolment,
    CareVisit,
    Institution,
    Placement,
    ProjectBeneficiary,
    SocialOrderProject,
)
from komek.rehabilitation.models.ipr import Entitlement, Ipr, IprImport, QueueChange, QueueEntry
from komek.rehabilitation.models.special import SpecialStay
from komek.rehabilitation.models.supply import (
    Contract,
    ContractLine,
    Delivery,
    HoursRecord,
    Issue,
    Supplier,
    Voucher,
)

__all__ = [
    "CareEnrolment",
    "CareVisit",
    "Contract",
    "ContractLine",
    "Delivery",
    "Entitlement",
    "HoursRecord",
    "Institution",
    "Ipr",
    "IprImport",
    "Issue",
    "Placement",
    "ProjectBeneficiary",
    "QueueChange",
    "QueueEntry",
    "SocialOrderProject",
    "SpecialStay",
    "Supplier",
    "Voucher",
]
