"""The issue's sequence on a fresh centre, as a check will run it: ``centre init``, three
accounts by ``afterview users add`` with a token each, ``afterview serve`` as the runtime
role, and then over HTTP with the tokens: A and B each add an interview; B's and C's
application lists do not show A's company; A grants C; C sees A's application and the
caseload lists a@example.org; A's access log names c@example.org; A revokes; C no longer
sees it.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.conftest import EXAMPLES
from tests.integration.centre_support import Centre, centre, cli, roles, serving

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"


def _account(centre: Centre, email: str, role: str) -> dict[str, str]:
    code, _, err = cli(
        ["users", "add", email, "--role", role, "--password-stdin"],
        centre.app_url,
        PASSWORD + "\n",
    )
    assert (code, err) == (0, ""), err
    code, out, err = cli(["users", "token", email], centre.app_url, "")
    assert (code, err) == (0, ""), err
    return {"Authorization": f"Bearer {out.splitlines()[-1]}"}


def _companies(http: httpx.Client, who: dict[str, str]) -> set[str]:
    answer = http.get("/api/applications", headers=who)
    assert answer.status_code == 200, answer.text
    return {row["company"] for row in answer.json()["applications"]}


def test_the_issues_consent_sequence(centre: Centre, tmp_path: Path) -> None:
    a = _account(centre, "a@example.org", "seeker")
    b = _account(centre, "b@example.org", "seeker")
    c = _account(centre, "c@example.org", "counsellor")
    panel = (EXAMPLES / "panel-interview.yaml").read_text(encoding="utf-8")
    screen = (EXAMPLES / "phone-screen.yaml").read_text(encoding="utf-8")
    with (
        serving(centre.app_url, tmp_path / "home") as address,
        httpx.Client(base_url=address, timeout=30) as http,
    ):
        for who, text in ((a, panel), (b, screen)):
            added = http.post(
                "/api/interviews",
                content=text.encode(),
                headers={**who, "Content-Type": "application/yaml"},
            )
            assert added.status_code == 201, added.text
        company = "Northwind Robotics"  # the panel interview's
        assert company in _companies(http, a)
        assert company not in _companies(http, b)
        assert company not in _companies(http, c)
        granted = http.post("/api/grants", json={"counsellor": "c@example.org"}, headers=a)
        assert granted.status_code == 201, granted.text
        grant = granted.json()["id"]
        listed = http.get("/api/applications", headers=c).json()["applications"]
        assert company in {row["company"] for row in listed}
        assert {row["seeker"] for row in listed} == {"a@example.org"}
        caseload = http.get("/api/caseload", headers=c).json()["caseload"]
        assert [case["email"] for case in caseload] == ["a@example.org"]
        log = http.get("/api/access-log", headers=a).json()["entries"]
        assert "c@example.org" in {entry["actor"] for entry in log}
        assert http.delete(f"/api/grants/{grant}", headers=a).status_code == 204
        assert company not in _companies(http, c)
        assert http.get("/api/caseload", headers=c).json()["caseload"] == []
