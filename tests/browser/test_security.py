"""The attack the CSRF defences are for, in real Chromium: a page served from another port
of 127.0.0.1 (the same site, for cookies) tries to read afterview's cookie and to post a
form to it while the user has afterview open."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from afterview.storage.db import Database
from tests.acting import local

# The hostile page: it shows what it can read of the cookies, then posts the step's form
# with whatever token it found there.
HOSTILE = """<!doctype html><title>prize</title>
<p id="cookies"></p>
<form id="attack" method="post" action="{app}/steps/1/done">
  <input type="hidden" name="csrf_token" id="token">
</form>
<script>
  const cookies = document.cookie;
  document.getElementById("cookies").textContent = "cookies: [" + cookies + "]";
  const found = cookies.split("; ").find((c) => c.startsWith("afterview"));
  document.getElementById("token").value = found ? found.split("=")[1] : "";
</script>
"""


@pytest.fixture
def hostile(web: httpx.Client) -> Iterator[str]:
    """Another server on this machine, on a port of its own, serving :data:`HOSTILE`."""
    page = HOSTILE.format(app=str(web.base_url).rstrip("/")).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_on_another_port_can_neither_read_the_key_nor_post_a_change(
    web: httpx.Client, db: Database, page: Any, hostile: str
) -> None:
    page.goto(str(web.base_url).rstrip("/") + "/applications/1")  # afterview is open
    assert any(c["name"] == "afterview_key" for c in page.context.cookies())

    page.goto(hostile + "/")
    assert page.locator("#cookies").text_content() == "cookies: []"  # HttpOnly: unreadable
    with page.expect_navigation():
        page.evaluate("document.getElementById('attack').submit()")
    assert "afterview accepts changes only from its own pages" in page.content()
    with local(db).read() as tx:
        assert tx.one("SELECT status FROM actions WHERE id = 1") == {"status": "pending"}
