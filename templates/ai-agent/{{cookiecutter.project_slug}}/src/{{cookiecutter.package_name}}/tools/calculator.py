"""A safe calculator: the expression is parsed to an AST and walked; nothing is ever eval'd.

Every operation is bounded before it runs (operand sizes, exponents, digits, node count), so no
expression can keep a CPU busy: the cost of each step is known before it is paid.
"""

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
MAX_BITS = 4096  # largest integer result an operation may produce
MAX_NODES = 200
MAX_DIGITS = 100  # round(x, n): |n| at most this

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
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ToolError(f"calculator: expression has more than {MAX_NODES} parts")
    try:
        result = _walk(tree.body)
    except ZeroDivisionError:
        raise ToolError("calculator: division by zero") from None
    except (OverflowError, ValueError, TypeError) as e:
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
        _bound(node.op, left, right)
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
        args = [_walk(a) for a in node.args]
        if node.func.id == "round" and len(args) > 1 and abs(args[1]) > MAX_DIGITS:
            raise ToolError(f"calculator: round() to more than {MAX_DIGITS} digits")
        if node.func.id == "round" and len(args) > 1 and not isinstance(args[1], int):
            raise ToolError("calculator: round() needs a whole number of digits")
        return _checked(_FUNCTIONS[node.func.id](*args))
    raise ToolError(f"calculator: {type(node).__name__} is not allowed (arithmetic only)")


def _bound(op: ast.operator, left: int | float, right: int | float) -> None:
    """Refuse an operation whose result would be too large, before computing it."""
    if isinstance(op, ast.Pow):
        if abs(right) > MAX_EXPONENT:
            raise ToolError(f"calculator: exponent larger than {MAX_EXPONENT}")
        if isinstance(left, int) and isinstance(right, int) and abs(right) * max(1, left.bit_length()) > MAX_BITS:
            raise ToolError("calculator: result too large")
    elif isinstance(op, ast.Mult) and isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_BITS:
            raise ToolError("calculator: result too large")


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
