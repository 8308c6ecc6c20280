"""Every write of the commissions: the special commission's meetings and agenda (``meetings``), votes
and amounts (``votes``), signing the protocol (``signing``); the other commissions' held meetings and
questions (``held``), cases, decisions and certificates (``cases``), the tripartite commission's
members and agreement (``partnership``)."""
