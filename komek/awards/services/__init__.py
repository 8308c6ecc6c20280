"""Every write of state awards: a case opened, its documents sent, the decision, the presentation."""

from komek.awards.services.cases import award_present, case_open, decision_record, documents_send

__all__ = ["award_present", "case_open", "decision_record", "documents_send"]
