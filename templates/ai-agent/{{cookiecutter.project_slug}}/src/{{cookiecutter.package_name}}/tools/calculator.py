"""A safe calculator: the expression is parsed to an AST and walked; nothing is ever eval'd."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from ..errors import ToolError

MAX_LENGTH = 300
MAX_EXPONENT = 1000
MAX_MAGNITUDE = 1e300

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": abs,
    "round": round,
    "min": min,
    "max": max,
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "log10": math.log10,
    "log2": math.log2,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "floor": math.floor,
    "ceil": math.ceil,
}
_CONSTANTS = {"pi": math.pi, "e": math.e, "tau": math.tau}


def evaluate(expression: str) -> int | float:
    """Evaluate an arithmetic expression; raise ToolError for anything that is not arithmetic."""
    text = expression.strip().replace("^", "**")
    if not text:
        raise ToolError("calculator: empty expression")
    if len(text) > MAX_LENGTH:
        raise ToolError(f"calculator: expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ToolError(f"calculator: not an arithmetic expression: {expression!r}") from None
    try:
        result = _walk(tree.body)
    except ZeroDivisionError:
        raise ToolError("calculator: division by zero") from None
    except (OverflowError, ValueError) as e:
        raise ToolError(f"calculator: {e}") from None
    if isinstance(result, float) and result.is_integer() and abs(result) < 2**53:
        return int(result)
    return result


def _walk(node: ast.AST) -> int | float:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ToolError(f"calculator: only numbers are allowed, not {node.value!r}")
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _walk(node.left), _walk(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise ToolError(f"calculator: exponent larger than {MAX_EXPONENT}")
        return _checked(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_walk(node.operand))
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
    ):
        return _checked(_FUNCTIONS[node.func.id](*(_walk(a) for a in node.args)))
    raise ToolError(f"calculator: {type(node).__name__} is not allowed (arithmetic only)")


def _checked(value: Any) -> int | float:
    if isinstance(value, complex) or not isinstance(value, (int, float)):
        raise ToolError("calculator: result is not a real number")
    if abs(value) > MAX_MAGNITUDE:
        raise ToolError("calculator: result too large")
    return value


def calculator(expression: str) -> str:
    """Evaluate an arithmetic expression exactly and safely.

    Args:
        expression: Arithmetic using numbers, + - * / // % ** ( ), pi, e and sqrt, log, sin,
            cos, tan, exp, abs, round, min, max, floor, ceil. Example: "(17 * 23) + 4".
    """
    return str(evaluate(expression))
