"""Every write of charity: partners, campaigns and social projects, help in kind, sponsorship."""

from komek.charity.services.records import (
    campaign_record,
    help_record,
    partner_record,
    sponsorship_record,
)

__all__ = ["campaign_record", "help_record", "partner_record", "sponsorship_record"]
