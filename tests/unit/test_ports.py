"""The services' ports: what the composition root installs, and that the protocols list
exactly what the services use of storage (mypy checks the rest: that storage matches)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

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
    import afterview.wiring

    assert ports.repository.application is repository.application
    assert ports.repository.INTERVIEW_UPDATES is repository.INTERVIEW_UPDATES
    for name, (slot, protocol) in ports._SLOTS.items():
        module = getattr(afterview.wiring.STORAGE, name)
        for member in ports._members(protocol):
            assert getattr(slot, member) is getattr(module, member), f"{name}.{member}"


def test_a_change_to_a_storage_module_is_what_the_services_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tests replace a storage function for a while (an older version's behaviour)."""
    monkeypatch.setattr(outbox_repo, "update", "stand-in")
    assert ports.outbox_repo.update == "stand-in"
    monkeypatch.undo()
    assert ports.outbox_repo.update is outbox_repo.update


def test_an_implementation_lacking_a_function_is_refused() -> None:
    class Partial:
        def policy_overrides(self, tx: object) -> dict[str, object]:
            return {}

    slot = ports._Unwired()
    with pytest.raises(TypeError, match="save_policy"):
        ports._bind(slot, ports.SettingsRepo, Partial())


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
