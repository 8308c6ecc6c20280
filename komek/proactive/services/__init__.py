"""Every write of proactive support: the scan, and working its list."""

from komek.proactive.services.scan import ScanResult, proactive_scan, scan_territories
from komek.proactive.services.worklist import item_consent, item_dismiss, item_offer

__all__ = ["ScanResult", "item_consent", "item_dismiss", "item_offer", "proactive_scan", "scan_territories"]
