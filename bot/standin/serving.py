"""A local HTTP server on a thread of its own, stopped at once.

socketserver's ``serve_forever`` notices a stop only at its next poll, so every stop waits
for it; here the serving thread waits, without polling, for the next connection, and
:meth:`ServingThread.stop` makes one itself (closed unread), so the thread ends at once.
Requests in hand are served to their end by their own (daemon) threads.
"""

from __future__ import annotations

import socket
import socketserver
import threading


class ServingThread:
    """Serves ``server`` (a threading server) from :meth:`start` until :meth:`stop`."""

    def __init__(self, server: socketserver.TCPServer, *, name: str):
        self.server = server
        server.timeout = None  # handle_request waits for a connection however long it takes
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name=name)

    def start(self) -> None:
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            self.server.handle_request()

    def stop(self) -> None:
        """No new connection is served; the listening socket is closed."""
        if self._thread.is_alive():
            self._stopping.set()
            host, port = self.server.socket.getsockname()[:2]
            with socket.create_connection((host, port)):
                pass  # wakes the serving thread, which finds it is stopping
            self._thread.join()
        self.server.server_close()
