"""A TCP proxy between Rasa and the action server that can hold back the action server's reply to
one action, so a test can kill a process at a known moment: after the action's work is committed,
before Rasa has heard about it. Without it, "kill in the middle of a transfer" is a race."""

from __future__ import annotations

import socket
import threading


class HoldingProxy:
    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.upstream_port: int | None = None
        self._hold_action: bytes | None = None
        self.holding = threading.Event()  # set once a reply is being held back
        self._release = threading.Event()
        self._forward_held = True
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def hold_reply_to(self, action: str) -> None:
        """Hold back the reply to the next call of `action` until `release()` or `drop()`."""
        self.holding.clear()
        self._release.clear()
        self._forward_held = True
        # The call names its action first; other calls mention every action in their domain.
        self._hold_action = f'"next_action": "{action}"'.encode()

    def release(self) -> None:
        """Let the held reply go on to Rasa."""
        self._hold_action = None
        self._release.set()

    def drop(self) -> None:
        """Close Rasa's connection without the held reply, as the action server's death would have."""
        self._forward_held = False
        self.release()

    def close(self) -> None:
        self._closed = True
        self._release.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            client.close()  # the action server is down: Rasa sees a refused call
            return
        held = threading.Event()  # this connection carries the call whose reply is held

        def requests() -> None:
            while chunk := _recv(client):
                if self._hold_action and self._hold_action in chunk:
                    held.set()
                try:
                    upstream.sendall(chunk)
                except OSError:
                    break
            _close(upstream)

        def replies() -> None:
            while chunk := _recv(upstream):
                if held.is_set():
                    self.holding.set()
                    self._release.wait()
                    held.clear()
                    if self._closed or not self._forward_held:
                        break
                try:
                    client.sendall(chunk)
                except OSError:
                    break
            _close(client)

        threading.Thread(target=requests, daemon=True).start()
        replies()


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
