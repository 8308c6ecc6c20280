"""The variables a programme's expressions may name: their entity, type and meaning.

Declared apart from their computation (``komek.rules.variables``) so that the legislation's
checks, the UI and the documentation read the catalogue without the numerical code.
"""

from __future__ import annotations

from dataclasses import dataclass

from komek.rules.expressions import Type
from komek.rules.housing import SERVICES, paid_variable, used_variable
from komek.rules.population import CIRCUMSTANCES, STATUS_FLAGS


@dataclass(frozen=True)
class Variable:
    name: str
    entity: str  # "person" or "family"
    type: Type
    label: str


def _v(name: str, entity: str, kind: Type, label: str) -> Variable:
    return Variable(name, entity, kind, label)


BASE_VARIABLES: tuple[Variable, ...] = (
    _v("age", "person", "number", "age in full years on the date"),
    _v("is_child", "person", "bool", "under the age of majority (the parameter adult_age)"),
    _v("is_male", "person", "bool", "male"),
    _v("pension_age", "person", "bool", "has reached the retirement age of the year"),
    _v("disability_1", "person", "bool", "disability group I"),
    _v("disability_2", "person", "bool", "disability group II"),
    _v("disability_3", "person", "bool", "disability group III"),
    _v("disabled_child", "person", "bool", "child with disability"),
    _v("has_disability", "person", "bool", "any disability group"),
    _v("able_bodied", "person", "bool", "adult below retirement age without disability of group I or II"),
    _v("income_quarter", "person", "number", "counted income over the reference quarter, tenge"),
    _v("family_size", "family", "number", "members of the family"),
    _v("children", "family", "number", "members under the age of majority (adult_age)"),
    _v("children_under_3", "family", "number", "members under 3"),
    _v("children_1_6", "family", "number", "members aged 1 to 6"),
    _v("schoolchildren", "family", "number", "members from age 6 under the age of majority (adult_age)"),
    _v("minors", "family", "number", "members under the age of majority (adult_age)"),
    _v("pensioners", "family", "number", "members of retirement age"),
    _v("disabled_1_2", "family", "number", "members with disability group I or II"),
    _v("disabled_members", "family", "number", "members with any disability group"),
    _v("disabled_1_3", "family", "number", "members with disability group I, II or III"),
    _v("has_disabled_child", "family", "bool", "a child with disability in the family"),
    _v("able_bodied_members", "family", "number", "able-bodied members"),
    _v(
        "care_needed",
        "family",
        "bool",
        "a child under 3, a disabled child, a member of group I-II or a pensioner",
    ),
    _v(
        "able_bodied_available",
        "family",
        "number",
        "able-bodied members free to take part in employment measures",
    ),
    _v("total_income", "family", "number", "family income over the reference quarter, tenge"),
    _v("monthly_income", "family", "number", "average monthly family income over the reference quarter"),
    _v(
        "per_capita_income",
        "family",
        "number",
        "average monthly income per member over the reference quarter",
    ),
    _v("dwellings", "family", "number", "dwellings owned"),
    _v("cars", "family", "number", "cars owned"),
    _v("area_m2", "family", "number", "living area, m²"),
    _v(
        "housing_costs",
        "family",
        "number",
        "monthly housing costs (declared, plus the receipts' monthly average), tenge",
    ),
    _v("region", "family", "str", "KATO code of residence"),
)
FLAG_LABELS = {
    "besieged_leningrad_resident": (
        "worked in besieged Leningrad, awarded the medal and the badge of its residents"
    ),
    "holiday_payment_category": "on the council's list of a category entitled to holiday payments",
}
FLAG_VARIABLES = tuple(_v(f, "person", "bool", FLAG_LABELS.get(f, f"status: {f}")) for f in STATUS_FLAGS)
COUNT_VARIABLES = tuple(
    _v(f"count_{f}", "family", "number", f"members with status {f}") for f in STATUS_FLAGS
)
HOUSING_VARIABLES = tuple(
    v
    for s in SERVICES.values()
    for v in (
        _v(paid_variable(s.code), "family", "number",
           f"{s.title['en'].lower()}: amount paid a month over the reference quarter (receipts), tenge"),
        _v(used_variable(s.code), "family", "number",
           f"{s.title['en'].lower()}: consumption a month over the reference quarter (receipts), {s.unit}"),
    )
)  # fmt: skip
CIRCUMSTANCE_VARIABLES = tuple(_v(c, "family", "bool", f"circumstance: {c}") for c in CIRCUMSTANCES)

VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in (*BASE_VARIABLES, *FLAG_VARIABLES, *COUNT_VARIABLES, *CIRCUMSTANCE_VARIABLES, *HOUSING_VARIABLES)
}
