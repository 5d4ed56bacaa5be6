"""Mail fixtures: a signed-in user with a posting address, a real SMTP sink, the LMTP server."""

import socket
import threading

import pytest
import requests
from aiosmtpd.controller import Controller

from apps.accounts.models import XAccount
from apps.mailgate.addresses import address_for, address_get_or_create, new_token, token_hash
from apps.mailgate.lmtp import LMTPController
from apps.mailgate.models import PostingAddress


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Poster:
    """The demo user, signed in through the emulator, with a known posting address."""

    def __init__(self, user, token):
        self.user = user
        self.token = token
        self.address = address_for(token)


@pytest.fixture
def poster(signed_in, settings):
    settings.MAIL_DOMAIN = "post.example.jp"
    user = XAccount.objects.get(screen_name="demo").user
    address = address_get_or_create(user)
    token = new_token()
    PostingAddress.objects.filter(pk=address.pk).update(token_hash=token_hash(token))
    return Poster(user, token)


def posted(emulator, text=None):
    """The demo user's posts on the emulator, newest first (optionally with this text)."""
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    body = answer.json()
    items = body.get("data", body) if isinstance(body, dict) else body
    return [item for item in items if text is None or item["text"] == text]


class _Sink:
    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            self.arrived.notify_all()
        return "250 OK"

    def wait(self, count=1, timeout=5.0):
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        return self.messages


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server (aiosmtpd) that Django's SMTP backend sends to; collects mails."""
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), decode_data=False)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


@pytest.fixture
def lmtp_server(settings):
    """The mailgate LMTP server on a free loopback port."""
    controller = LMTPController(host="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def parse_notices(messages):
    """Decode mails the sink caught, each in its recipient's carrier encoding."""
    from apps.mailgate.carriers import carrier_of
    from apps.mailgate.message import parse_mail

    return [parse_mail(content, carrier=carrier_of(rcpt[0])) for _, rcpt, content in messages]
