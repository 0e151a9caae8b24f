"""A minimal, fast OpenAI-compatible mock upstream for the gateway benchmark (loopback only).

Plain asyncio (uvloop when installed) HTTP/1.1 with keep-alive: ``POST /v1/chat/completions``
(non-streaming) answers a fixed short completion, ``GET /v1/models`` lists one model, anything
else is 404. Each response goes out in one ``write`` and the socket has TCP_NODELAY set, so
keep-alive clients do not stall on Nagle / delayed ACK.

    python benchmarks/_mock_upstream.py --port 8801
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket

COMPLETION = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 0,
        "model": "mock",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Sure, here is a short, safe answer."},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 60, "completion_tokens": 9, "total_tokens": 69},
    }
).encode()
MODELS = json.dumps(
    {"object": "list", "data": [{"id": "mock", "object": "model", "created": 0, "owned_by": "me"}]}
).encode()
NOT_FOUND = b'{"error": {"message": "not found", "type": "not_found_error"}}'


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


RESP_COMPLETION = _response("200 OK", COMPLETION)
RESP_MODELS = _response("200 OK", MODELS)
RESP_404 = _response("404 Not Found", NOT_FOUND)


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
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
            method, path, _ = [*lines[0].split(" ", 2), "", ""][:3]
            length = 0
            close = False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value.strip() or 0)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            if length:
                await reader.readexactly(length)
            path = path.split("?", 1)[0]
            if method == "POST" and path.endswith("/chat/completions"):
                writer.write(RESP_COMPLETION)
            elif method == "GET" and path.endswith("/models"):
                writer.write(RESP_MODELS)
            else:
                writer.write(RESP_404)
            await writer.drain()
            if close:
                break
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(host: str, port: int) -> None:
    server = await asyncio.start_server(handle, host, port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8801)
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        uvloop = None
    with contextlib.suppress(KeyboardInterrupt):
        if uvloop is not None:
            uvloop.run(main(args.host, args.port))
        else:
            asyncio.run(main(args.host, args.port))
