"""Every write on payment lists: select, import, review, approve."""

from komek.category_payments.services.approval import payment_list_approve
from komek.category_payments.services.imports import LineError, ListImportRefused, payment_list_import
from komek.category_payments.services.review import (
    payment_list_row_add,
    payment_list_row_correct,
    payment_list_row_exclude,
    payment_list_row_include,
)
from komek.category_payments.services.selection import payment_list_create

__all__ = [
    "LineError",
    "ListImportRefused",
    "payment_list_approve",
    "payment_list_create",
    "payment_list_import",
    "payment_list_row_add",
    "payment_list_row_correct",
    "payment_list_row_exclude",
    "payment_list_row_include",
]
