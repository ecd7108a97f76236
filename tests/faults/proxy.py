"""A TCP proxy on loopback that can break the link between two nodes on demand.

Modes, read when a connection arrives:

* `pass`: forward both ways (the healed network);
* `refuse`: accept and reset at once (a peer that is down, a firewall that rejects);
* `hang`: accept, swallow the request, never answer (a black hole: the sender's timeout fires);
* `drop_response`: forward the request, let the receiver answer in full, then cut the answer
  half-way and close (the receiver applied the message, the sender never sees the ack).

Network namespaces would also model a partition, but need `ip netns` and root in CI as well;
this proxy models the same failures at the TCP level and runs anywhere.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections import Counter


class FaultyProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.mode = "pass"
        self.connections: Counter[str] = Counter()  # mode -> connections seen in it
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._closing = threading.Event()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closing.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            mode = self.mode
            with self._lock:
                self.connections[mode] += 1
            threading.Thread(target=self._serve, args=(client, mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        try:
            if mode == "refuse":
                # SO_LINGER 0: close sends a RST, as a closed port or a rejecting firewall does.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            if mode == "hang":
                client.settimeout(30)
                while not self._closing.is_set() and client.recv(65536):
                    pass
                return
            upstream = socket.create_connection(self.upstream, timeout=30)
            with upstream:
                threading.Thread(target=_pump, args=(client, upstream), daemon=True).start()
                if mode == "drop_response":
                    answer = b""
                    while chunk := upstream.recv(65536):
                        answer += chunk
                    client.sendall(answer[: len(answer) // 2])
                else:
                    _pump(upstream, client)
        except OSError:
            pass
        finally:
            if mode != "refuse":
                # shutdown, not just close: the pump thread blocked in recv on this socket
                # would otherwise keep it open, and the sender would wait for a FIN forever.
                try:
                    client.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            client.close()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass
