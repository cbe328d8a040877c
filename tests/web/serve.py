"""Serves the app for the browser tests: a real uvicorn on a port the OS picks (bound to port 0),
printed on the first line of stdout, answering as on the seed data's day."""

from __future__ import annotations

import socket
import sys

import uvicorn

from app.http.params import request_today
from app.main import create_app
from tests.conftest import SEED_TODAY


def main() -> None:
    app = create_app()
    app.dependency_overrides[request_today] = lambda: SEED_TODAY
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    sys.exit(main())
