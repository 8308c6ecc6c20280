"""Every write of the commission: convening a meeting and its agenda (``meetings``), votes and
amounts (``votes``), signing the protocol (``signing``)."""
