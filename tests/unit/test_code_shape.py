"""The code stays readable: no function in afterview is longer than 60 lines.

A longer function is split into named steps (see docs/ARCHITECTURE.md); the limit counts
every line from ``def`` to the end of the body, docstring and blank lines included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import afterview

SOURCE = Path(afterview.__file__).parent
LIMIT = 60


def long_functions(root: Path, limit: int = LIMIT) -> list[str]:
    """``path:line name (N lines)`` for every function in ``root`` longer than ``limit``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    where = path.relative_to(root.parent)
                    found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_sixty_lines() -> None:
    assert long_functions(SOURCE) == []


def test_the_check_finds_a_long_function(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(LIMIT))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n\ndef short():\n    pass\n")
    (tmp_path / "edge.py").write_text("async def edge():\n" + body[: -len("    x59 = 59\n")])
    assert long_functions(tmp_path) == [f"{tmp_path.name}/long.py:1 long ({LIMIT + 1} lines)"]
