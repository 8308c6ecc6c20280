"""Every write of the work with veterans: records, patronage, visits, memoranda, exemptions, events."""

from komek.veterans.services.records import (
    event_record,
    exemption_grant,
    memorandum_record,
    patronage_assign,
    patronage_end,
    veteran_record,
    visit_record,
)

__all__ = [
    "event_record",
    "exemption_grant",
    "memorandum_record",
    "patronage_assign",
    "patronage_end",
    "veteran_record",
    "visit_record",
]
