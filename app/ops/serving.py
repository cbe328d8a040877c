"""Serving with uvicorn, one process or several, on a socket whose connections do not wait.

uvicorn binds the socket of a multi-worker server itself with `socket.socket(family)`, whose
protocol number is 0; asyncio turns Nagle's algorithm off (TCP_NODELAY) only on connections of
sockets that say IPPROTO_TCP. So with `--workers 2` every answer written in two parts (headers,
then body) held its second part until the client acknowledged the first, and clients delay
that acknowledgement by 40 ms: every warm request took ~40 ms more than with one worker
(BENCHMARKS.md, issue 15). One process or several, the server here listens on a socket of its
own making, with the protocol named.
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess


def tcp_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket whose accepted connections asyncio sets TCP_NODELAY on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve(
    app: str, *, host: str, port: int, workers: int, log_level: str, access_log: bool = True
) -> None:
    """Serves the ASGI app named `app` ("module:attribute") with `workers` processes."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=access_log,
        proxy_headers=True,
        # uvicorn kills a worker that does not answer its supervisor's ping within this many
        # seconds (5 by default), also while the worker is still importing the app and loading
        # its catalogue: on a busy machine that took longer, and workers were killed and
        # started in a loop.
        timeout_worker_healthcheck=30,
    )
    sock = tcp_socket(host, port)
    if workers > 1:
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
