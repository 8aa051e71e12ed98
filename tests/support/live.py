"""The web app served for real on 127.0.0.1, in a thread, for the web and browser tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn

from afterview.web.app import WebSettings, create_app


@dataclass
class Live:
    """A running server: its address, and how to stop it (tests of shutdown stop it early)."""

    server: uvicorn.Server
    thread: threading.Thread
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@contextmanager
def live(settings: WebSettings) -> Iterator[Live]:
    """Serve the app on a free port until the block ends."""
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.01):  # wait for the server's own flag, not for a fixed time
        if server.started:
            started.set()
        assert thread.is_alive(), "the server did not start"
    running = Live(server, thread, server.servers[0].sockets[0].getsockname()[1])
    try:
        yield running
    finally:
        if thread.is_alive():
            running.stop()


@contextmanager
def client(settings: WebSettings) -> Iterator[httpx.Client]:
    """An HTTP client of the app served with ``settings``."""
    with live(settings) as running, httpx.Client(base_url=running.url) as http:
        yield http
