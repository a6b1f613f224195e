"""Runs one gateway on a port that other gateways on this machine share:
`python -m channels.serve --host 0.0.0.0 --port 8000 [--instance-port 8001]`.

The socket is bound with SO_REUSEPORT, so N gateway processes listen on the same port and the
kernel spreads incoming connections over them: one address for customers, no balancer process
on one machine. (Across machines, an HTTP load balancer sits in front: see docs/scale.md.)
`--instance-port` also serves this one gateway on a loopback port of its own: the supervisor's
health check then asks this instance, not whichever one the kernel picks, and an operator can
reach one instance on purpose.
"""

from __future__ import annotations

import argparse
import socket

import uvicorn

WS_MAX_FRAME_BYTES = 256 * 1024


def shared_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def own_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m channels.serve", description=__doc__)
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--instance-port", type=int, default=None, help="this instance alone, on loopback")
    args = parser.parse_args(argv)
    sockets = [shared_socket(args.host, args.port)]
    if args.instance_port:
        sockets.append(own_socket("127.0.0.1", args.instance_port))
    # A widget frame is at most a few KB (web.MAX_FRAME_CHARS answers an error frame beyond 16,000
    # characters); uvicorn's default would hold up to 16 MiB per frame before that check.
    config = uvicorn.Config(
        "channels.app:create_app", factory=True, access_log=False, ws_max_size=WS_MAX_FRAME_BYTES
    )
    uvicorn.Server(config).run(sockets=sockets)


if __name__ == "__main__":
    main()
