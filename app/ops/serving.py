"""Serving with uvicorn, one process or several, on a socket whose connections do not wait.

uvicorn binds the socket of a multi-worker server itself with `socket.socket(family)`, whose
protocol number is 0; asyncio turns Nagle's algorithm off (TCP_NODELAY) only on connections of
sockets that say IPPROTO_TCP. So with `--workers 2` every answer written in two parts (headers,
then body) held its second part until the client acknowledged the first, and clients delay
that acknowledgement by 40 ms: every warm request took ~40 ms more than with one worker
(BENCHMARKS.md, issue 15). One process or several, the server here listens on a socket of its
own making, with the protocol named.

Several workers sharing one listening socket do not share the load: each worker's event loop
accepts every connection waiting when it wakes, so the eight keep-alive connections of a load
generator all went to one worker and two workers served no more than one (BENCHMARKS.md, issue
15). Each worker listens on a socket of its own instead, all bound to the one port with
SO_REUSEPORT, and the kernel spreads new connections across them.
"""

from __future__ import annotations

import socket
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess


def tcp_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket whose accepted connections asyncio sets TCP_NODELAY on."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    return _bound(sock, host, port, reuse_port=False)


class WorkerSocket(socket.socket):
    """The port of a multi-worker server. The supervisor binds it, to hold the port, and never
    listens on it; each worker process it is handed to (uvicorn pickles its sockets to spawned
    workers) gets a listening socket of its own on the same port instead."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        host, port = self.getsockname()[:2]
        return worker_socket, (host, port)


def _bound(sock: socket.socket, host: str, port: int, *, reuse_port: bool) -> socket.socket:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def port_socket(host: str, port: int) -> WorkerSocket:
    """The supervisor's hold on the port of a multi-worker server (see `WorkerSocket`)."""
    sock = WorkerSocket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    _bound(sock, host, port, reuse_port=True)
    return sock


def worker_socket(host: str, port: int) -> socket.socket:
    """A worker's own socket on the server's port (uvicorn makes it listen)."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    return _bound(sock, host, port, reuse_port=True)


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
    if workers > 1:
        Multiprocess(config, sockets=[port_socket(host, port)]).run()
    else:
        uvicorn.Server(config).run(sockets=[tcp_socket(host, port)])
