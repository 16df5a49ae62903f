"""Servers that misbehave on purpose, started and stopped by the fault tests themselves."""

import socket
import threading

from tests.processes import free_port


class HungServer:
    """Accepts connections on a loopback port and never answers (a hung Redis, SMTP or
    Elasticsearch looks like this from the client's side)."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        self._socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _address = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(connection)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=2)
        for connection in self._held:
            connection.close()
        self._socket.close()


def closed_port() -> int:
    """A loopback port where nothing listens."""
    return free_port()
