"""The server's socket: its connections send small writes at once (TCP_NODELAY), one worker or
several (uvicorn's own multi-worker socket left Nagle's algorithm on: 40 ms a request)."""

from __future__ import annotations

import asyncio
import socket

from app.ops.serving import tcp_socket


async def _nodelay_of_accepted(listening: socket.socket) -> int:
    """TCP_NODELAY of a connection asyncio accepts on `listening`, as uvicorn's workers do."""
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Protocol(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Protocol, sock=listening)
    port = listening.getsockname()[1]
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await asyncio.wait_for(accepted, 10)
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


def test_connections_of_the_servers_socket_send_at_once() -> None:
    assert asyncio.run(_nodelay_of_accepted(tcp_socket("127.0.0.1", 0))) != 0


def test_a_socket_that_names_no_protocol_would_not() -> None:
    # What uvicorn binds for several workers: the cause this module works around.
    plain = socket.socket(socket.AF_INET)
    plain.bind(("127.0.0.1", 0))
    assert asyncio.run(_nodelay_of_accepted(plain)) == 0
