"""The services' ports: what the composition root installs, and that the protocols list
exactly what the services use of storage (mypy checks the rest: that storage matches)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import afterview
from afterview.services import ports
from afterview.storage import outbox_repo, repository

SERVICES = Path(afterview.__file__).parent / "services"
PORTS = set(ports._SLOTS)


def _used_by_services() -> dict[str, set[str]]:
    """For each port, the names the services look up on it (``repo.application`` …)."""
    used: dict[str, set[str]] = {name: set() for name in PORTS}
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {
            alias.asname or alias.name: alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "afterview.services.ports"
            for alias in node.names
            if alias.name in PORTS
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
            ):
                used[aliases[node.value.id]].add(node.attr)
    return used


def test_each_protocol_lists_exactly_what_the_services_use() -> None:
    declared = {name: set(ports._members(protocol)) for name, (_, protocol) in ports._SLOTS.items()}
    assert declared == _used_by_services()


def test_the_composition_root_binds_the_storage_functions_themselves() -> None:
    import afterview.wiring  # noqa: F401  (conftest imports it too: installed by now)

    assert ports.repository.application is repository.application
    assert ports.repository.INTERVIEW_UPDATES is repository.INTERVIEW_UPDATES
    assert ports.outbox_repo.update is outbox_repo.update
    for name, (slot, protocol) in ports._SLOTS.items():
        assert sorted(vars(slot)) == sorted(ports._members(protocol)), name


def test_a_service_run_before_the_composition_root_says_what_is_missing() -> None:
    probe = (
        "from afterview.services import records\n"
        "from afterview.domain.actor import Actor\n"
        "class Tx:\n"
        "    owner = 1\n"
        "class Work:\n"
        "    actor = Actor.seeker(1)\n"
        "    def read(self):\n"
        "        import contextlib\n"
        "        return contextlib.nullcontext(Tx())\n"
        "try:\n"
        "    records.application(Work(), 1)\n"
        "except RuntimeError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ports.NOT_WIRED
