"""The LMTP server reads DATA in blocks: the same bytes as sent, over a real socket."""

import base64
import socket
import time

import pytest
from aiosmtpd.controller import Controller

from apps.mailgate.lmtp import BlockReadingLMTP

from .conftest import _Sink, free_port


class _SinkController(Controller):
    """The block-reading LMTP server with a handler that keeps what it received."""

    def __init__(self, data_size_limit: int):
        self.data_size_limit = data_size_limit
        super().__init__(_Sink(), hostname="127.0.0.1", port=free_port())

    def factory(self):
        return BlockReadingLMTP(
            self.handler, data_size_limit=self.data_size_limit, decode_data=False
        )


@pytest.fixture
def server():
    controller = _SinkController(data_size_limit=1_000_000)
    controller.start()
    yield controller
    controller.stop()


class _Client:
    """A raw LMTP client: what it writes goes on the wire exactly as given."""

    def __init__(self, server):
        self.sock = socket.create_connection((server.hostname, server.port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        assert self.reply().startswith(b"220")

    def reply(self) -> bytes:
        """The next reply (its last line)."""
        while True:
            lines = self.buffer.split(b"\r\n")
            for index, line in enumerate(lines[:-1]):
                if line[3:4] == b" ":
                    self.buffer = b"\r\n".join(lines[index + 1 :])
                    return line
            chunk = self.sock.recv(65536)
            assert chunk, "the server closed the connection"
            self.buffer += chunk

    def command(self, line: bytes) -> bytes:
        self.sock.sendall(line + b"\r\n")
        return self.reply()

    def start_data(self) -> None:
        assert self.command(b"LHLO phone.example").startswith(b"250")
        assert self.command(b"MAIL FROM:<a@ezweb.ne.jp>").startswith(b"250")
        assert self.command(b"RCPT TO:<b@post.example.jp>").startswith(b"250")
        assert self.command(b"DATA").startswith(b"354")


def _stuffed(content: bytes) -> bytes:
    """``content`` as a client sends it after DATA: leading dots doubled, the end line."""
    lines = content.split(b"\r\n")
    return b"\r\n".join(b"." + line if line.startswith(b".") else line for line in lines) + (
        b".\r\n"
    )


def test_dot_lines_and_a_line_ending_in_a_dot_arrive_as_sent(server):
    content = b"Subject: dots\r\n\r\n.one dot\r\n..two dots\r\nends in a dot.\r\n.\r\nx.\r\n"
    wire = _stuffed(content)
    client = _Client(server)
    client.start_data()
    # In small pieces, so the end line and the dots fall across reads.
    for start in range(0, len(wire), 5):
        client.sock.sendall(wire[start : start + 5])
        time.sleep(0.002)
    assert client.reply() == b"250 OK"
    assert server.handler.messages[-1][2] == content


def test_empty_data_and_pipelined_commands_after_the_end(server):
    client = _Client(server)
    client.start_data()
    # The end line at once, then the next transaction in the same write.
    client.sock.sendall(b".\r\nMAIL FROM:<c@ezweb.ne.jp>\r\nRSET\r\nQUIT\r\n")
    assert client.reply() == b"250 OK"
    assert client.reply().startswith(b"250")  # MAIL
    assert client.reply().startswith(b"250")  # RSET
    assert client.reply().startswith(b"221")  # QUIT
    assert server.handler.messages[-1][2] == b""


def test_a_big_base64_mail_arrives_byte_for_byte(server):
    photo = base64.encodebytes(bytes(range(256)) * 2000).replace(b"\n", b"\r\n")  # 690 KB
    content = b"Subject: photo\r\nContent-Transfer-Encoding: base64\r\n\r\n" + photo
    client = _Client(server)
    client.start_data()
    client.sock.sendall(_stuffed(content))
    assert client.reply() == b"250 OK"
    assert server.handler.messages[-1][2] == content


def test_a_mail_over_the_limit_is_read_to_its_end_and_refused(server):
    client = _Client(server)
    client.start_data()
    client.sock.sendall((b"A" * 998 + b"\r\n") * 1100 + b".\r\n")  # 1.1 MB
    assert client.reply().startswith(b"552")
    # The session goes on: the next mail is taken.
    assert client.command(b"MAIL FROM:<a@ezweb.ne.jp>").startswith(b"250")
    assert client.command(b"RCPT TO:<b@post.example.jp>").startswith(b"250")
    assert client.command(b"DATA").startswith(b"354")
    client.sock.sendall(_stuffed(b"Subject: small\r\n\r\nhi\r\n"))
    assert client.reply() == b"250 OK"
    assert [message[2] for message in server.handler.messages] == [b"Subject: small\r\n\r\nhi\r\n"]
