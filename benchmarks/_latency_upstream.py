"""An OpenAI-compatible mock upstream on loopback that answers every chat completion after a
fixed delay (a model with ``--latency-ms`` of per-call latency), for ``scale.py``.

    python benchmarks/_latency_upstream.py --port 8811 --latency-ms 20

Plain asyncio HTTP/1.1 with keep-alive and TCP_NODELAY; the answer is ``_mock_upstream``'s
fixed short completion, so scoring costs the same for every case.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket

from _mock_upstream import RESP_404, RESP_COMPLETION


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                break
            lines = head.decode("latin-1").split("\r\n")
            method, path = [*lines[0].split(" ", 2), "", ""][:2]
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip() or 0)
            if length:
                await reader.readexactly(length)
            if method == "POST" and path.split("?", 1)[0].endswith("/chat/completions"):
                await asyncio.sleep(delay)
                writer.write(RESP_COMPLETION)
            else:
                writer.write(RESP_404)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(host: str, port: int, latency_ms: float) -> None:
    delay = latency_ms / 1000.0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await handle(reader, writer, delay)

    server = await asyncio.start_server(serve, host, port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(args.host, args.port, args.latency_ms))
