"""`safecomm socket` stops cleanly on SIGTERM: it disconnects, lets the work in hand finish and
exits 0. Socket Mode is stood in by a minimal local WebSocket server (RFC 6455 handshake, a
`hello`, pongs), reached through the Slack stand-in's `apps.connections.open`."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from cryptography.fernet import Fernet

from tests.bot.slackhttp import wait_for

ROOT = Path(__file__).resolve().parents[2]
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def _frame(payload: bytes, opcode: int = 0x1) -> bytes:
    assert len(payload) < 126
    return bytes([0x80 | opcode, len(payload)]) + payload


class TinySocketMode:
    """Accepts WebSocket connections on 127.0.0.1, says hello, answers pings."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.getsockname()[1]}/link"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = client.recv(4096)
            if not chunk:
                return
            request += chunk
        key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
                   if line.lower().startswith(b"sec-websocket-key"))
        accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
        client.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                       b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        client.sendall(_frame(b'{"type": "hello", "num_connections": 1}'))
        self.connections += 1
        try:
            while data := client.recv(4096):
                if data[0] & 0x0F == 0x9:  # a ping (masked, short): answer with a pong
                    length, mask = data[1] & 0x7F, data[2:6]
                    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(data[6:6 + length]))
                    client.sendall(_frame(payload, opcode=0xA))
        except OSError:
            pass

    def close(self) -> None:
        self.server.close()


def test_socket_mode_stops_cleanly_on_sigterm(settings, slack, tmp_path):
    link = TinySocketMode()
    slack.workspace.socket_mode_url = link.url
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": settings.database_url,
           "SLACK_API_URL": slack.api_url, "SLACK_BOT_TOKEN": "xoxb-test-invented",
           "SLACK_APP_TOKEN": "xapp-test-invented",
           "SAFECOMM_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    process = subprocess.Popen([sys.executable, "-m", "safecomm.cli", "socket"], cwd=tmp_path,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        wait_for(lambda: link.connections >= 1, timeout=30, what="a Socket Mode connection")
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        link.close()

    assert process.returncode == 0, output
    assert "socket: stopped" in output
