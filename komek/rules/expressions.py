"""Expressions of programmes and derived variables: parsed, checked, compiled to Polars.

The syntax is Python's expression syntax (``and``/``or``/``not``, comparisons, arithmetic,
``where(cond, a, b)``, ``min``, ``max``, ``round``, ``floor``, ``abs``), with SQL's ``AND``/``OR``/
``NOT`` accepted as well. Python's own parser gives every node its position, so an unknown name
or a type error points at the exact place in the text; the checked tree compiles to one Polars
expression that is evaluated vectorised over all families (docs/adr/0005-rules-engine.md).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

from komek.rules.errors import ExpressionError

Type = Literal["number", "bool", "str"]
FUNCTIONS = {"min", "max", "round", "floor", "abs", "where"}
_SQL_WORDS = re.compile(r"\b(AND|OR|NOT|TRUE|FALSE)\b")
_SQL_MAP = {"AND": "and", "OR": "or", "NOT": "not", "TRUE": "True", "FALSE": "False"}
MAX_LENGTH = 2000


@dataclass(frozen=True)
class Compiled:
    text: str
    expr: pl.Expr
    type: Type
    names: frozenset[str]


def _normalise(text: str) -> str:
    # Same-length replacements, so positions in the normalised text are positions in the original.
    return _SQL_WORDS.sub(lambda m: _SQL_MAP[m.group(1)].ljust(len(m.group(1))), text)


def compile_expression(
    text: str,
    names: Mapping[str, Type],
    *,
    expect: Type | None = None,
    inline: Mapping[str, Compiled] | None = None,
) -> Compiled:
    """Parse ``text``, check every name and type against ``names``, and compile it to Polars.

    A name of ``inline`` (a programme's named line) stands for its compiled expression: the result
    uses the variables and parameters that line uses."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("The expression is empty.", expression=str(text or ""))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"The expression is longer than {MAX_LENGTH} characters.", expression=text[:80])
    source = _normalise(text)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        offset = (exc.offset or 1) - 1 + (len(source) - len(source.lstrip()))
        raise ExpressionError(f"Syntax error: {exc.msg}.", expression=text, position=offset) from None
    lead = len(source) - len(source.lstrip())
    compiler = _Compiler(text, names, lead, inline or {})
    expr, kind = compiler.visit(tree.body)
    if expect is not None and kind != expect:
        raise ExpressionError(f"The expression gives a {kind}, a {expect} is needed here.", expression=text)
    return Compiled(text=text, expr=expr, type=kind, names=frozenset(compiler.used))


class _Compiler:
    def __init__(
        self, text: str, names: Mapping[str, Type], lead: int, inline: Mapping[str, Compiled]
    ) -> None:
        self.text, self.names, self.lead, self.inline = text, names, lead, inline
        self.used: set[str] = set()

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(
            message, expression=self.text, position=getattr(node, "col_offset", 0) + self.lead
        )

    def visit(self, node: ast.AST) -> tuple[pl.Expr, Type]:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, f"'{ast.unparse(node)}' is not allowed in an expression")
        result: tuple[pl.Expr, Type] = method(node)
        return result

    def expect(self, node: ast.AST, kind: Type, role: str) -> pl.Expr:
        expr, got = self.visit(node)
        if got != kind:
            raise self.fail(node, f"{role} must be a {kind}, but '{ast.unparse(node)}' is a {got}")
        return expr

    def visit_Name(self, node: ast.Name) -> tuple[pl.Expr, Type]:
        if node.id in self.inline:
            line = self.inline[node.id]
            self.used.update(line.names)
            return line.expr, line.type
        if node.id not in self.names:
            raise self.fail(node, f"Unknown variable or parameter '{node.id}'")
        self.used.add(node.id)
        return pl.col(node.id), self.names[node.id]

    def visit_Constant(self, node: ast.Constant) -> tuple[pl.Expr, Type]:
        value = node.value
        if isinstance(value, bool):
            return pl.lit(value), "bool"
        if isinstance(value, int | float):
            return pl.lit(float(value)), "number"
        if isinstance(value, str):
            return pl.lit(value), "str"
        raise self.fail(node, f"The constant {value!r} is not allowed")

    def visit_BoolOp(self, node: ast.BoolOp) -> tuple[pl.Expr, Type]:
        parts = [self.expect(v, "bool", "Each side of and/or") for v in node.values]
        out = parts[0]
        for part in parts[1:]:
            out = (out & part) if isinstance(node.op, ast.And) else (out | part)
        return out, "bool"

    def visit_UnaryOp(self, node: ast.UnaryOp) -> tuple[pl.Expr, Type]:
        if isinstance(node.op, ast.Not):
            return ~self.expect(node.operand, "bool", "The operand of not"), "bool"
        if isinstance(node.op, ast.USub):
            return -self.expect(node.operand, "number", "The operand of minus"), "number"
        raise self.fail(node, "Only 'not' and '-' are allowed as unary operators")

    def visit_BinOp(self, node: ast.BinOp) -> tuple[pl.Expr, Type]:
        left = self.expect(node.left, "number", "Arithmetic")
        right = self.expect(node.right, "number", "Arithmetic")
        if isinstance(node.op, ast.Add):
            return left + right, "number"
        if isinstance(node.op, ast.Sub):
            return left - right, "number"
        if isinstance(node.op, ast.Mult):
            return left * right, "number"
        if isinstance(node.op, ast.Div):
            if isinstance(node.right, ast.Constant) and node.right.value == 0:
                raise self.fail(node.right, "Division by zero")
            # A zero denominator gives no value (null), never infinity; the engine reports it.
            return pl.when(right == 0).then(None).otherwise(left / right), "number"
        raise self.fail(node, "Only + - * / are allowed")

    def visit_Compare(self, node: ast.Compare) -> tuple[pl.Expr, Type]:
        result: pl.Expr | None = None
        left_node = node.left
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn):
                part = self._membership(left_node, op, right_node)
            else:
                left, lkind = self.visit(left_node)
                right, rkind = self.visit(right_node)
                if lkind != rkind:
                    raise self.fail(right_node, f"Cannot compare a {lkind} with a {rkind}")
                if lkind != "number" and not isinstance(op, ast.Eq | ast.NotEq):
                    raise self.fail(right_node, f"Only == and != compare {lkind}s")
                part = _COMPARE[type(op)](left, right)
            result = part if result is None else result & part
            left_node = right_node
        assert result is not None
        return result, "bool"

    def _membership(self, left_node: ast.AST, op: ast.cmpop, right_node: ast.AST) -> pl.Expr:
        left, kind = self.visit(left_node)
        if not isinstance(right_node, ast.Tuple | ast.List) or not all(
            isinstance(e, ast.Constant) for e in right_node.elts
        ):
            raise self.fail(right_node, "'in' needs a list of constants, e.g. x in ('a', 'b')")
        values = [e.value for e in right_node.elts]  # type: ignore[attr-defined]
        part = left.is_in([float(v) for v in values] if kind == "number" else values)
        return ~part if isinstance(op, ast.NotIn) else part

    def visit_Call(self, node: ast.Call) -> tuple[pl.Expr, Type]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise self.fail(node, f"Unknown function; allowed: {', '.join(sorted(FUNCTIONS))}")
        if node.keywords:
            raise self.fail(node, "Functions take no keyword arguments")
        name, args = node.func.id, node.args
        if name == "where":
            if len(args) != 3:
                raise self.fail(node, "where(condition, if_true, if_false) takes three arguments")
            cond = self.expect(args[0], "bool", "The condition of where")
            yes, ykind = self.visit(args[1])
            no, nkind = self.visit(args[2])
            if ykind != nkind:
                raise self.fail(args[2], f"Both branches of where must be of one type ({ykind} and {nkind})")
            return pl.when(cond).then(yes).otherwise(no), ykind
        numbers = [self.expect(a, "number", f"The arguments of {name}") for a in args]
        if name in ("min", "max"):
            if len(numbers) < 2:
                raise self.fail(node, f"{name} takes at least two arguments")
            return (pl.min_horizontal(*numbers) if name == "min" else pl.max_horizontal(*numbers)), "number"
        if len(numbers) != 1:
            raise self.fail(node, f"{name} takes one argument")
        if name == "round":
            return round_half_up(numbers[0]), "number"
        if name == "floor":
            return numbers[0].floor(), "number"
        return numbers[0].abs(), "number"


_COMPARE = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}

# Published figures round half up to whole tenge (11,470.5 → 11,471). A tiny epsilon absorbs the
# binary representation of products such as 0.7 * 38,132 before the floor.
_EPSILON = 1e-7


def round_half_up(expr: pl.Expr) -> pl.Expr:
    return (expr.abs() + 0.5 + _EPSILON).floor() * expr.sign()
