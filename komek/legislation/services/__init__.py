"""Every write to the legislation: a parameter value (``parameters``), a council decision and its
retirement (``decisions``).

Each is checked by the rules engine itself before it is stored — an expression with an unknown
name or a type error, a parameter without a value on the date in the council's territory — and
reported at the field it concerns, with the position in the expression. One transaction, one
audit row filed under the region the record concerns.
"""
