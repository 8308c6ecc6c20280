"""The three query types of a search (``idtype-value``, ``expression``, ``predicate``) turned into
filters over the registry, and the attributes a client may search and sort by (ADR 0032)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from komek.registry.choices import Sex, StatusKind
from komek.registry.iin import InvalidIIN, parse_iin
from komek.registry.models import Membership, PersonStatus

FILTER_INVALID = "rjct.filter.invalid"
CRITERIA_INVALID = "rjct.search_criteria.invalid"
SORT_INVALID = "rjct.sort.invalid"

PERSON, GROUP = "Member", "Group"
QUERY_TYPES = ("idtype-value", "expression", "predicate")
IIN_TYPES = {"iin", "uin", "nationalid", "nid"}
FAMILY_TYPES = {"familyid", "groupid"}
OPERATORS = ("gt", "lt", "eq", "ge", "le", "in")
MONGO = {"$eq": "eq", "$lt": "lt", "$gt": "gt", "$lte": "le", "$gte": "ge", "$in": "in", "$ne": "ne"}


class QueryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def last_segment(value: Any) -> str:
    """``ns:org:QueryType:expression`` → ``expression``; ``spdci:Group`` → ``Group``."""
    return str(value).rsplit(":", 1)[-1].strip() if value is not None else ""


def record_type(value: Any) -> str | None:
    name = last_segment(value).lower()
    if name in ("", "member", "person", "srperson", "individual"):
        return PERSON
    if name in ("group", "family", "household"):
        return GROUP
    return None


def valid_iin(value: Any) -> str:
    try:
        return parse_iin(
            str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
        ).iin
    except InvalidIIN as exc:
        raise QueryError(CRITERIA_INVALID, f"Not a valid IIN: {exc}") from None


# --- values -------------------------------------------------------------------------------------


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise QueryError(FILTER_INVALID, f"Not a date (YYYY-MM-DD): {value!r}") from None


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise QueryError(FILTER_INVALID, f"Not a whole number: {value!r}")
    try:
        number = int(str(value))
    except ValueError:
        raise QueryError(FILTER_INVALID, f"Not a whole number: {value!r}") from None
    if not 0 <= number <= 1000:
        raise QueryError(FILTER_INVALID, f"Out of range: {value!r}")
    return number


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes"):
        return True
    if str(value).lower() in ("false", "0", "no"):
        return False
    raise QueryError(FILTER_INVALID, f"Not a boolean: {value!r}")


def _text(value: Any) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or len(str(value)) > 200:
        raise QueryError(FILTER_INVALID, "Not a text of at most 200 characters.")
    return str(value).strip()


def _kato(value: Any) -> str:
    text = _text(value)
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise QueryError(FILTER_INVALID, f"Not a KATO code or prefix: {value!r}")
    return text


def _sex(value: Any) -> str:
    text = _text(value).lower()
    if text not in Sex.values:
        raise QueryError(FILTER_INVALID, f"Sex is male or female, not {value!r}")
    return text


# --- attributes: (lookup field or builder, value parser, operators) -------------------------------

Builder = Callable[[str, Any], Q]

_COMPARE = {"eq": "", "lt": "__lt", "gt": "__gt", "le": "__lte", "ge": "__gte"}


def _field(name: str, parse: Callable[[Any], Any]) -> Builder:
    def build(op: str, value: Any) -> Q:
        if op == "in":
            return Q(**{f"{name}__in": [parse(v) for v in _list(value)]})
        return Q(**{f"{name}{_COMPARE[op]}": parse(value)})

    return build


def _stamp_field(name: str) -> Builder:
    def build(op: str, value: Any) -> Q:
        if op == "in":
            return Q(**{f"{name}__date__in": [_date(v) for v in _list(value)]})
        return Q(**{f"{name}__date{_COMPARE[op]}": _date(value)})

    return build


def _prefix(name: str) -> Builder:
    def build(op: str, value: Any) -> Q:
        q = Q(pk__in=[])
        for code in _list(value) if op == "in" else [value]:
            q |= Q(**{f"{name}__startswith": _kato(code).rstrip("0") or "0"})
        return q

    return build


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list) or not value or len(value) > 1000:
        raise QueryError(FILTER_INVALID, "The operator 'in' takes a non-empty list of values.")
    return value


def _age(op: str, value: Any) -> Q:
    """Age in whole years today, as a range of birth dates."""
    today = timezone.localdate()

    def born_before(years: int) -> dt.date:  # the latest birth date of someone aged ``years``
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    if op == "in":
        q = Q(pk__in=[])
        for v in _list(value):
            q |= _age("eq", v)
        return q
    years = _int(value)
    oldest = born_before(years + 1) + dt.timedelta(days=1)  # earliest birth date at this age
    youngest = born_before(years)
    return {
        "eq": Q(birth_date__gte=oldest, birth_date__lte=youngest),
        "lt": Q(birth_date__gt=youngest),
        "le": Q(birth_date__gte=oldest),
        "gt": Q(birth_date__lt=oldest),
        "ge": Q(birth_date__lte=youngest),
    }[op]


def _disabled(op: str, value: Any) -> Q:
    if op != "eq":
        raise QueryError(FILTER_INVALID, "is_disabled takes only the operator eq.")
    today = timezone.localdate()
    active = PersonStatus.objects.filter(kind=StatusKind.DISABILITY, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    q = Q(pk__in=active.values("person_id"))
    return q if _bool(value) else ~q


def _deceased(op: str, value: Any) -> Q:
    if op != "eq":
        raise QueryError(FILTER_INVALID, "is_deceased takes only the operator eq.")
    return Q(death_date__isnull=not _bool(value))


def _member_iin(op: str, value: Any) -> Q:
    iins = [valid_iin(v) for v in _list(value)] if op == "in" else [valid_iin(value)]
    if op not in ("eq", "in"):
        raise QueryError(FILTER_INVALID, "An IIN takes only the operators eq and in.")
    current = Membership.objects.filter(valid_to__isnull=True, person__iin__in=iins)
    return Q(pk__in=current.values("family_id"))


def _iin(op: str, value: Any) -> Q:
    if op not in ("eq", "in"):
        raise QueryError(FILTER_INVALID, "An IIN takes only the operators eq and in.")
    return Q(iin__in=[valid_iin(v) for v in _list(value)]) if op == "in" else Q(iin=valid_iin(value))


def int_id(value: Any) -> int:
    text = str(value)
    if isinstance(value, bool) or not text.isascii() or not text.isdigit() or len(text) > 9:
        raise QueryError(FILTER_INVALID, f"Not an identifier: {text[:20]!r}")
    return int(text)


ATTRIBUTES: dict[str, dict[str, Builder]] = {
    PERSON: {
        "iin": _iin,
        "surname": _field("surname", _text),
        "given_name": _field("name", _text),
        "second_name": _field("patronymic", _text),
        "birth_date": _field("birth_date", _date),
        "age": _age,
        "sex": _field("sex", _sex),
        "location": _prefix("kato__code"),
        "is_disabled": _disabled,
        "is_deceased": _deceased,
        "death_date": _field("death_date", _date),
        "registration_date": _stamp_field("created_at"),
        "last_updated": _stamp_field("updated_at"),
    },
    GROUP: {
        "group_id": _field("pk", int_id),
        "member_iin": _member_iin,
        "location": _prefix("kato__code"),
        "group_size": _field("dci_size", _int),
        "tenure": _field("tenure", _text),
        "registration_date": _stamp_field("created_at"),
        "last_updated": _stamp_field("updated_at"),
    },
}
ALIASES = {"kato": "location", "admin_area_code": "location", "uin": "iin", "nationalid": "iin"}

SORTS: dict[str, dict[str, str]] = {
    PERSON: {
        "iin": "iin",
        "surname": "surname",
        "given_name": "name",
        "birth_date": "birth_date",
        "location": "kato_id",
        "registration_date": "created_at",
        "last_updated": "updated_at",
    },
    GROUP: {
        "group_id": "id",
        "location": "kato_id",
        "group_size": "dci_size",
        "registration_date": "created_at",
        "last_updated": "updated_at",
    },
}


def attribute(entity: str, name: Any, op: Any, value: Any) -> Q:
    key = ALIASES.get(str(name).lower(), str(name).lower()) if isinstance(name, str) else ""
    if entity == GROUP and key == "iin":
        key = "member_iin"
    builder = ATTRIBUTES[entity].get(key)
    if builder is None:
        known = ", ".join(sorted(ATTRIBUTES[entity]))
        raise QueryError(FILTER_INVALID, f"Unknown attribute {name!r} of a {entity} (known: {known}).")
    if op == "ne":
        return ~builder("eq", value)
    if op not in OPERATORS:
        raise QueryError(FILTER_INVALID, f"Unknown operator {op!r} (known: {', '.join(OPERATORS)}).")
    return builder(op, value)


# --- the three query types ----------------------------------------------------------------------


def idtype_value(entity: str, query: Any) -> Q:
    if not isinstance(query, dict) or "type" not in query or "value" not in query:
        raise QueryError(CRITERIA_INVALID, "An idtype-value query is an object with a type and a value.")
    kind = last_segment(query["type"]).lower()
    if kind in IIN_TYPES:
        iin = valid_iin(query["value"])
        return Q(iin=iin) if entity == PERSON else _member_iin("eq", iin)
    if kind in FAMILY_TYPES and entity == GROUP:
        return Q(pk=int_id(query["value"]))
    raise QueryError(
        CRITERIA_INVALID,
        f"Unknown identifier type {query['type']!r}: a person is found by IIN, a family by IIN or FamilyID.",
    )


def expression(entity: str, query: Any) -> Q:
    """``{"type": ..., "value": {"expression": {"collection": ..., "query": {...}}}}`` with the
    operators $and, $or, $not, $eq, $ne, $lt, $lte, $gt, $gte, $in (a bare value is $eq)."""
    if not isinstance(query, dict):
        raise QueryError(CRITERIA_INVALID, "An expression query is an object.")
    value = query.get("value", query)
    expr = value.get("expression") if isinstance(value, dict) else None
    if isinstance(expr, dict) and "query" in expr:
        collection = expr.get("collection")
        if collection is not None and record_type(collection) != entity:
            raise QueryError(CRITERIA_INVALID, f"The expression's collection must be {entity}.")
        expr = expr["query"]
    if not isinstance(expr, dict) or not expr:
        raise QueryError(CRITERIA_INVALID, "The expression must be an object of conditions.")
    return _mongo(entity, expr, depth=0)


def _mongo(entity: str, node: Any, depth: int) -> Q:
    if depth > 10:
        raise QueryError(FILTER_INVALID, "The expression nests too deep.")
    if not isinstance(node, dict) or not node:
        raise QueryError(FILTER_INVALID, "Each condition of an expression is a non-empty object.")
    q = Q()
    for key, value in node.items():
        if key in ("$and", "$or"):
            if not isinstance(value, list) or not value:
                raise QueryError(FILTER_INVALID, f"{key} takes a non-empty list of conditions.")
            parts = [_mongo(entity, item, depth + 1) for item in value]
            combined = parts[0]
            for part in parts[1:]:
                combined = combined & part if key == "$and" else combined | part
            q &= combined
        elif key == "$not":
            q &= ~_mongo(entity, value, depth + 1)
        elif isinstance(key, str) and key.startswith("$"):
            raise QueryError(FILTER_INVALID, f"Unknown operator {key!r}.")
        else:
            q &= _mongo_attribute(entity, key, value)
    return q


def _mongo_attribute(entity: str, key: str, value: Any) -> Q:
    """``{"age": {"$gte": 18, "$lt": 65}}`` or ``{"sex": "female"}`` (a bare value is $eq)."""
    if not isinstance(value, dict):
        return attribute(entity, key, "eq", value)
    if not value:
        raise QueryError(FILTER_INVALID, f"No operator for {key!r}.")
    q = Q()
    for op, operand in value.items():
        if op not in MONGO:
            raise QueryError(FILTER_INVALID, f"Unknown operator {op!r}.")
        q &= attribute(entity, key, MONGO[op], operand)
    return q


def predicate(entity: str, query: Any) -> Q:
    """A list of ``{seq_num, expression1, condition, expression2}``, all of which must hold, in
    the order of their sequence numbers."""
    if not isinstance(query, list) or not query:
        raise QueryError(CRITERIA_INVALID, "A predicate query is a non-empty list of predicates.")
    q = Q()
    for item in sorted(query, key=lambda i: i.get("seq_num", 0) if isinstance(i, dict) else 0):
        if not isinstance(item, dict) or not isinstance(item.get("expression1"), dict):
            raise QueryError(CRITERIA_INVALID, "Each predicate has an expression1.")
        first = _predicate(entity, item["expression1"])
        condition, second = item.get("condition"), item.get("expression2")
        if second is None:
            if condition not in (None, "not"):
                raise QueryError(FILTER_INVALID, f"The condition {condition!r} needs an expression2.")
            q &= ~first if condition == "not" else first
            continue
        if not isinstance(second, dict):
            raise QueryError(CRITERIA_INVALID, "expression2 is an expression object.")
        other = _predicate(entity, second)
        if condition == "and":
            q &= first & other
        elif condition == "or":
            q &= first | other
        elif condition == "not":
            q &= first & ~other
        else:
            raise QueryError(FILTER_INVALID, f"Unknown condition {condition!r} (known: and, or, not).")
    return q


def _predicate(entity: str, expr: dict[str, Any]) -> Q:
    if not {"attribute_name", "operator", "attribute_value"} <= set(expr):
        raise QueryError(CRITERIA_INVALID, "An expression has attribute_name, operator and attribute_value.")
    return attribute(entity, expr["attribute_name"], expr["operator"], expr["attribute_value"])


BUILDERS: dict[str, Callable[[str, Any], Q]] = {
    "idtype-value": idtype_value,
    "expression": expression,
    "predicate": predicate,
}


def ordering(entity: str, sort: Any) -> list[str]:
    if sort is None:
        return ["id"]
    if not isinstance(sort, list):
        raise QueryError(SORT_INVALID, "sort is a list of {attribute_name, sort_order}.")
    order: list[str] = []
    for item in sort:
        if not isinstance(item, dict):
            raise QueryError(SORT_INVALID, "sort is a list of {attribute_name, sort_order}.")
        field = SORTS[entity].get(str(item.get("attribute_name", "")).lower())
        direction = item.get("sort_order", "asc")
        if field is None:
            raise QueryError(
                SORT_INVALID,
                f"Cannot sort by {item.get('attribute_name')!r} (known: {', '.join(SORTS[entity])}).",
            )
        if direction not in ("asc", "desc"):
            raise QueryError(SORT_INVALID, "sort_order is asc or desc.")
        order.append(("-" if direction == "desc" else "") + field)
    return [*order, "id"]
