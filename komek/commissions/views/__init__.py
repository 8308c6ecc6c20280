"""Pages of the commissions (thin: parse, call one service or selector, render): the special
commission's meetings with their agenda, votes and protocol (``meetings``), and the other commissions
by kind with their cases, questions and the social partnership (``kinds``)."""
