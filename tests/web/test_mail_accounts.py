"""A seeker's stored mail passwords: encrypted with the centre's key, decrypted only for
the worker, and never shown back by a page or the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet

from afterview.domain.errors import InputError
from afterview.services import mail_accounts
from afterview.services.mail_accounts import ServerSettings
from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import ADDED

SECRET = "hunter2-very-secret-smtp-password"
IMAP_SECRET = "another-imap-secret"


def _save(db: Database, key: bytes) -> None:
    mail_accounts.save(
        local(db),
        ServerSettings("smtp.example.org", 587, "starttls", "me@example.org", SECRET),
        ServerSettings("imap.example.org", 993, "ssl", "me@example.org", IMAP_SECRET),
        now=ADDED,
        env={"AFTERVIEW_SECRET_KEY": key.decode()},
    )


def test_the_password_is_stored_encrypted_and_given_back_to_the_worker(db: Database) -> None:
    key = Fernet.generate_key()
    _save(db, key)
    with db.read() as tx:
        stored = tx.one("SELECT * FROM mail_accounts")
    assert stored is not None
    assert SECRET not in str(stored)
    assert IMAP_SECRET not in str(stored)
    servers = mail_accounts.servers(local(db), env={"AFTERVIEW_SECRET_KEY": key.decode()})
    assert servers["smtp"] is not None
    assert servers["smtp"].password == SECRET
    assert servers["imap"] is not None
    assert servers["imap"].password == IMAP_SECRET
    assert SECRET not in repr(servers)


def test_a_wrong_or_missing_key_is_a_clear_error(db: Database, tmp_path: Any) -> None:
    _save(db, Fernet.generate_key())
    with pytest.raises(InputError) as wrong:
        mail_accounts.servers(
            local(db), env={"AFTERVIEW_SECRET_KEY": Fernet.generate_key().decode()}
        )
    assert wrong.value.code == "secret_key_wrong"
    with pytest.raises(InputError) as missing:
        mail_accounts.servers(local(db), env={})
    assert missing.value.code == "secret_key_missing"
    with pytest.raises(InputError) as invalid:
        mail_accounts.keys({"AFTERVIEW_SECRET_KEY": "not-a-key"})
    assert invalid.value.code == "secret_key_invalid"
    with pytest.raises(InputError) as unreadable:
        mail_accounts.keys({"AFTERVIEW_SECRET_KEY_FILE": str(tmp_path / "absent")})
    assert unreadable.value.code == "secret_key_unreadable"


def test_rotation_the_first_key_encrypts_every_key_decrypts(db: Database, tmp_path: Any) -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    _save(db, old)
    both = tmp_path / "keys"
    both.write_text(f"{new.decode()}\n{old.decode()}\n")
    env = {"AFTERVIEW_SECRET_KEY_FILE": str(both)}
    assert mail_accounts.servers(local(db), env=env)["smtp"].password == SECRET  # type: ignore[union-attr]
    _save(db, new)
    only_new = {"AFTERVIEW_SECRET_KEY": new.decode()}
    assert mail_accounts.servers(local(db), env=only_new)["smtp"].password == SECRET  # type: ignore[union-attr]


def test_status_says_set_never_the_secret(db: Database) -> None:
    _save(db, Fernet.generate_key())
    shown = mail_accounts.status(local(db))
    assert shown["smtp"]["password"] == "set"
    assert shown["imap"]["password"] == "set"
    assert SECRET not in str(shown)
    with db.read() as tx:
        token = tx.one("SELECT smtp_secret FROM mail_accounts")
    assert token is not None
    assert token["smtp_secret"] not in str(shown)


def _gets(app: Any) -> Iterator[str]:
    from fastapi.routing import APIRoute

    def routes(found: list[Any]) -> Iterator[APIRoute]:
        for route in found:
            included = getattr(route, "original_router", None)
            if included is not None:
                yield from routes(included.routes)
            elif isinstance(route, APIRoute):
                yield route

    for route in routes(app.routes):
        if "GET" in route.methods and "{" not in route.path:
            yield route.path


def test_an_attacker_finds_the_secret_in_no_page_and_no_api_answer(
    db: Database, web: httpx.Client
) -> None:
    from afterview.web.app import WebSettings, create_app

    _save(db, Fernet.generate_key())
    with db.read() as tx:
        row = tx.one("SELECT smtp_secret, imap_secret FROM mail_accounts")
    assert row is not None
    needles = [SECRET, IMAP_SECRET, row["smtp_secret"], row["imap_secret"]]
    paths = sorted(set(_gets(create_app(WebSettings(db.url)))))
    assert "/api/applications" in paths
    assert "/settings" in paths
    for path in paths:
        answer = web.get(path)
        for needle in needles:
            assert needle not in answer.text, path
