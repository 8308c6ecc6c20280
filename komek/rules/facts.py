"""Programme facts as data: form, schedule scope, budget sources, state service, result document.

Each programme version states, beside its conditions and amount (``komek.rules.programmes``):

- ``form``: ``cash`` or ``in_kind`` (for assistance in kind the amount is the provision's cost);
- ``once_per``: with ``periodicity: once``, ``household`` or ``person`` where the law says the
  assistance "is not repeated" (Almaty's gas connection); absent, ``once`` is one payment per event;
- ``budget_sources``: ``[{source: republican|regional|local, share, region, reference}]``; the
  shares of the rows of one region (a KATO prefix, none for every region) sum to 1;
- ``service``: the state service that renders it (a code of the catalogue, ``data/services.yaml``,
  read through ``komek.rules.services``), or null with
  ``category_payment: true`` for a payment made from lists of categories without an application;
- ``result_document``: what the recipient receives (a code of ``data/facts.yaml``);
- ``social_contract_kinds``: the results of the programme's ``kind`` expression an assignment of
  which requires a signed social contract (conditional TSA: ``[conditional]``); none by default;
- ``assignment_term``: ``{months, reference}``, the term an assignment is made for when a case is
  decided (TSA and housing assistance: a quarter; Almaty's payment twice a year: six months; a
  one-time payment: one month), with the law or report that gives it.

A shipped programme version must state all of them (``complete``; the assignment term where the
version has a service, a category payment being paid for the month of its list); a council
decision entered in the application or a reform's programme may leave them out (unknown until
entered).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from komek.rules.errors import RulesError
from komek.rules.services import service_names

VOCABULARY = Path(__file__).parent / "data" / "facts.yaml"
FACT_KEYS = (
    "form", "once_per", "budget_sources", "service", "category_payment", "result_document",
    "social_contract_kinds", "assignment_term",
)  # fmt: skip


@functools.cache
def vocabulary() -> dict[str, dict[str, dict[str, str]]]:
    """Every code of ``data/facts.yaml`` with its texts in kk, ru and en, by list; the services are
    the catalogue's (``data/services.yaml``), the one place for their names."""
    return {**yaml.safe_load(VOCABULARY.read_text(encoding="utf-8")), "services": service_names()}


def codes(kind: str) -> tuple[str, ...]:
    return tuple(vocabulary()[kind])


def label(kind: str, code: str | None, language: str = "en") -> str | None:
    """The text of a code (a form, service, budget source, result document) in the language."""
    if code is None:
        return None
    texts = vocabulary()[kind].get(code, {})
    return texts.get(language) or texts.get("en") or code


@dataclass(frozen=True)
class BudgetSource:
    source: str  # republican, regional or local
    share: Decimal  # of the programme's cost, 0 < share <= 1
    region: str = ""  # KATO prefix the row is for; "" for every region
    reference: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "share": float(self.share), "region": self.region or None,
                "reference": self.reference}  # fmt: skip


@dataclass(frozen=True)
class AssignmentTerm:
    months: int  # a positive whole number of months
    reference: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"months": self.months, "reference": self.reference}


@dataclass(frozen=True)
class Facts:
    form: str = "cash"
    once_per: str | None = None
    budget_sources: tuple[BudgetSource, ...] = ()
    service: str | None = None
    category_payment: bool = False
    result_document: str | None = None
    social_contract_kinds: tuple[str, ...] = ()
    assignment_term: AssignmentTerm | None = None

    def budget_split(self, region: str = "") -> tuple[BudgetSource, ...]:
        """The sources of the most specific region group matching ``region`` (empty: unknown)."""
        groups = {row.region for row in self.budget_sources if region.startswith(row.region)}
        if not groups:
            return ()
        best = max(groups, key=len)
        return tuple(row for row in self.budget_sources if row.region == best)

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "form": self.form,
            "once_per": self.once_per,
            "budget_sources": [row.as_dict() for row in self.budget_sources],
            "service": self.service,
            "category_payment": self.category_payment,
            "result_document": self.result_document,
            "assignment_term": self.assignment_term.as_dict() if self.assignment_term else None,
            "labels": {
                "form": label("forms", self.form, language),
                "once_per": label("once_per", self.once_per, language),
                "service": label("services", self.service, language),
                "result_document": label("result_documents", self.result_document, language),
                "budget_sources": {s: label("budget_sources", s, language) for s in codes("budget_sources")},
            },
        }


def _code(doc: Mapping[str, Any], key: str, kind: str, where: str, default: str | None) -> str | None:
    value = doc.get(key, default)
    if value is None:
        return None
    if value not in codes(kind):
        raise RulesError(f"{where}: {key} must be one of {', '.join(codes(kind))}.")
    return str(value)


def _budget_row(row: Any, at: str, *, complete: bool) -> BudgetSource:
    if not isinstance(row, dict):
        raise RulesError(f"{at}: a mapping {{source, share, region, reference}} is required.")
    unknown = sorted(set(row) - {"source", "share", "region", "reference"})
    if unknown:
        raise RulesError(f"{at}: unknown key '{unknown[0]}'.")
    if row.get("source") not in codes("budget_sources"):
        raise RulesError(f"{at}: source must be one of {', '.join(codes('budget_sources'))}.")
    try:
        share = Decimal(str(row.get("share")))
    except InvalidOperation:
        share = Decimal(-1)
    if not share.is_finite() or not Decimal(0) < share <= Decimal(1):
        raise RulesError(f"{at}: share is a fraction above 0 and at most 1.")
    region = str(row.get("region") or "")
    if region and not region.isdigit():
        raise RulesError(f"{at}: region is a KATO code prefix (digits).")
    reference = str(row.get("reference") or "").strip()
    if complete and not reference:
        raise RulesError(f"{at}: reference is required (the law or report that gives the source).")
    return BudgetSource(str(row["source"]), share, region, reference)


def _budget(rows: Any, where: str, *, complete: bool) -> tuple[BudgetSource, ...]:
    if rows is None:
        return ()
    if not isinstance(rows, list) or not rows:
        raise RulesError(f"{where}: budget_sources is a list of {{source, share}}.")
    out = [_budget_row(row, f"{where}: budget_sources[{i}]", complete=complete) for i, row in enumerate(rows)]
    for region in sorted({row.region for row in out}):
        group = [row for row in out if row.region == region]
        if len({row.source for row in group}) != len(group):
            raise RulesError(f"{where}: budget_sources name a source twice for region '{region}'.")
        total = sum((row.share for row in group), Decimal(0))
        if total != 1:
            raise RulesError(f"{where}: budget_sources shares sum to {total} for region '{region}', not 1.")
    return tuple(out)


def _term(value: Any, where: str, *, required: bool) -> AssignmentTerm | None:
    if value is None:
        if required:
            raise RulesError(f"{where}: 'assignment_term' is required for a shipped version with a service.")
        return None
    if not isinstance(value, dict) or set(value) - {"months", "reference"}:
        raise RulesError(f"{where}: assignment_term is a mapping {{months, reference}}.")
    months = value.get("months")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise RulesError(f"{where}: assignment_term months is a positive whole number, not {months!r}.")
    reference = str(value.get("reference") or "").strip()
    if required and not reference:
        raise RulesError(
            f"{where}: assignment_term reference is required (the law or report that gives the term)."
        )
    return AssignmentTerm(months, reference)


def parse_facts(doc: Mapping[str, Any], where: str, *, periodicity: str, complete: bool = False) -> Facts:
    """The facts of a programme document, checked; ``complete`` requires every one of them."""
    if complete:
        absent = [k for k in ("form", "budget_sources", "result_document") if doc.get(k) is None]
        if "service" not in doc:
            absent.append("service")
        if absent:
            raise RulesError(f"{where}: '{absent[0]}' is required for a shipped programme version.")
    once_per = _code(doc, "once_per", "once_per", where, None)
    if once_per is not None and periodicity != "once":
        raise RulesError(f"{where}: once_per applies to a programme paid once (periodicity: once).")
    category_payment = doc.get("category_payment", False)
    if not isinstance(category_payment, bool):
        raise RulesError(f"{where}: category_payment is true or false.")
    service = _code(doc, "service", "services", where, None)
    if service is not None and category_payment:
        raise RulesError(f"{where}: a category payment (category_payment: true) has no service (null).")
    if complete and service is None and not category_payment:
        raise RulesError(f"{where}: name the service, or set category_payment: true with service: null.")
    contract_kinds = doc.get("social_contract_kinds") or []
    if not isinstance(contract_kinds, list) or not all(isinstance(k, str) and k for k in contract_kinds):
        raise RulesError(f"{where}: social_contract_kinds is a list of the programme's kinds.")
    return Facts(
        assignment_term=_term(doc.get("assignment_term"), where, required=complete and service is not None),
        social_contract_kinds=tuple(contract_kinds),
        form=str(_code(doc, "form", "forms", where, "cash")),
        once_per=once_per,
        budget_sources=_budget(doc.get("budget_sources"), where, complete=complete),
        service=service,
        category_payment=category_payment,
        result_document=_code(doc, "result_document", "result_documents", where, None),
    )
