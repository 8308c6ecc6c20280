"""The term an assignment is made for when a case is decided: a fact of each programme version."""

from __future__ import annotations

from typing import Any

import pytest

from komek.rules.engine import Engine, namespace
from komek.rules.errors import RulesError
from komek.rules.parameters import load_parameters
from komek.rules.programmes import parse_programme
from komek.rules.schedule import assignment_term_months, payment_span_months
from komek.rules.tests.test_facts import programme_doc


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def _doc(**overrides: Any) -> dict[str, Any]:
    """A monthly programme with a service, assigned for two months; keywords override."""
    term = {"months": 2, "reference": "Council decision, item 3"}
    return programme_doc(**{"periodicity": "month", "assignment_term": term, **overrides})


def _parse(doc: dict[str, Any], *, complete: bool = True) -> Any:
    return parse_programme(doc, namespace(load_parameters()), source="test", complete=complete)


def test_every_shipped_version_with_a_service_states_its_term(engine: Engine) -> None:
    """A version assigned on application states a positive term citing its source; a category
    payment (paid for the month of its list) needs none."""
    for p in engine.programmes:
        term = p.facts.assignment_term
        if p.facts.service is None:
            continue
        assert term is not None, p.code
        assert term.months >= 1 and term.reference, p.code


def test_the_terms_the_law_and_the_reports_give(engine: Engine) -> None:
    """TSA and housing assistance are assigned for a quarter, Almaty's payment twice a year for six
    months, home schooling for the quarter it pays, a one-time payment for one month."""
    by_code = {p.code: assignment_term_months(p) for p in engine.programmes}
    assert by_code["tsa"] == 3
    assert by_code["housing"] == 3
    assert by_code["almaty.twice_yearly_payment"] == 6
    assert by_code["almaty.home_schooling"] == 3
    assert by_code["balkhash.fire_damage"] == 1
    assert by_code["almaty.difficult_life_situation"] == 1


def test_the_stated_term_wins_over_the_schedule() -> None:
    """A monthly version assigned for two months is offered for two months, whatever it pays."""
    assert assignment_term_months(_parse(_doc())) == 2


def test_a_version_without_a_term_is_offered_one_payment() -> None:
    """A council decision entered without a term is offered the months one payment of its schedule
    covers: a month, a quarter, a half-year, one month for a one-time payment."""
    for periodicity, months in (("month", 1), ("quarter", 3), ("half-year", 6), ("once", 1)):
        doc = {k: v for k, v in _doc(periodicity=periodicity).items() if k != "assignment_term"}
        assert assignment_term_months(_parse(doc, complete=False)) == months
        assert payment_span_months(periodicity) == months


def test_a_category_payment_needs_no_term() -> None:
    """A category payment is paid from a list for its month: a shipped version may omit the term."""
    doc = {k: v for k, v in _doc(service=None, category_payment=True).items() if k != "assignment_term"}
    assert _parse(doc).facts.assignment_term is None


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (None, "'assignment_term' is required"),
        ({"months": 0, "reference": "x"}, "positive whole number, not 0"),
        ({"months": -3, "reference": "x"}, "positive whole number"),
        ({"months": 2.5, "reference": "x"}, "positive whole number, not 2.5"),
        ({"months": "3", "reference": "x"}, "positive whole number, not '3'"),
        ({"months": True, "reference": "x"}, "positive whole number"),
        ({"months": 3}, "reference is required"),
        ({"months": 3, "reference": "x", "days": 5}, "a mapping"),
        (3, "a mapping"),
    ],
)
def test_a_malformed_term_is_refused(term: Any, message: str) -> None:
    """The loader refuses a term that is not a positive whole number of months with its source."""
    with pytest.raises(RulesError, match=message):
        _parse(_doc(assignment_term=term))


def test_the_term_is_listed_with_the_version(engine: Engine) -> None:
    """The version's details (``komek rules`` and the programme pages) carry the term and its source."""
    tsa = next(p for p in engine.programmes if p.code == "tsa")
    term = tsa.details()["assignment_term"]
    assert term["months"] == 3 and "No. 246" in term["reference"]
