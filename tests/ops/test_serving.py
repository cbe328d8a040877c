"""The server's socket: its connections send small writes at once (TCP_NODELAY), one worker or
several (uvicorn's own multi-worker socket left Nagle's algorithm on: 40 ms a request)."""

from __future__ import annotations

import asyncio
import socket
import time
from multiprocessing.reduction import ForkingPickler

from app.ops.serving import port_socket, tcp_socket, worker_socket


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
    assert asyncio.run(_nodelay_of_accepted(worker_socket("127.0.0.1", 0))) != 0


def test_a_socket_that_names_no_protocol_would_not() -> None:
    # What uvicorn binds for several workers: the cause this module works around.
    plain = socket.socket(socket.AF_INET)
    plain.bind(("127.0.0.1", 0))
    assert asyncio.run(_nodelay_of_accepted(plain)) == 0


def test_each_worker_listens_on_its_own_socket_and_the_kernel_shares_connections() -> None:
    # Workers sharing one socket: the first to wake took every waiting connection, and two
    # workers served eight keep-alive clients no faster than one.
    held = port_socket("127.0.0.1", 0)
    port = held.getsockname()[1]
    # What a spawned worker receives: uvicorn pickles the supervisor's socket to it.
    workers = [ForkingPickler.loads(ForkingPickler.dumps(held)) for _ in range(2)]
    try:
        for sock in workers:
            assert sock is not held and sock.getsockname()[1] == port
            sock.listen(64)
            sock.setblocking(False)
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
        accepted = [0, 0]
        for _ in range(50):
            for i, sock in enumerate(workers):
                try:
                    while True:
                        sock.accept()[0].close()
                        accepted[i] += 1
                except BlockingIOError:
                    pass
            if sum(accepted) == len(clients):
                break
            time.sleep(0.02)
        for client in clients:
            client.close()
        assert sum(accepted) == 32
        assert min(accepted) > 0, accepted  # all 32 on one socket: 1 chance in 2**31
    finally:
        for sock in (*workers, held):
            sock.close()
