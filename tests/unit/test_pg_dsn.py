"""PostgreSQL connections leave GSSAPI off unless asked: the Kerberos library in psycopg's
binary wheels can crash a process whose threads connect at once (the centre's workers)."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from afterview.storage.db import pg_dsn

URL = "postgresql+psycopg://app:secret@127.0.0.1:5432/centre"


def test_gssapi_encryption_is_off_by_default_and_the_rest_of_the_url_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PGGSSENCMODE", raising=False)
    found = conninfo_to_dict(pg_dsn(URL))
    assert found == {
        "user": "app",
        "password": "secret",
        "host": "127.0.0.1",
        "port": "5432",
        "dbname": "centre",
        "gssencmode": "disable",
    }


def test_a_url_or_the_environment_that_asks_for_gssapi_is_obeyed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PGGSSENCMODE", raising=False)
    asked = "postgresql://app@db.example.org/centre?gssencmode=require"
    assert conninfo_to_dict(pg_dsn(asked))["gssencmode"] == "require"
    monkeypatch.setenv("PGGSSENCMODE", "prefer")
    assert "gssencmode" not in conninfo_to_dict(pg_dsn(URL))  # libpq reads the environment
