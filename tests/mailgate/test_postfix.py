"""A real Postfix (Debian's, loopback only, its own config and queue) delivers to the LMTP server.

The test writes a main.cf/master.cf like deploy/postfix/ into a temporary directory,
starts Postfix with ``postfix -c DIR start``, sends a phone's mail to Postfix's SMTP
port, and waits for the post on the emulator; ``postfix -c DIR stop`` ends it.
"""

import os
import shutil
import smtplib
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from apps.mailgate.models import MailLog

from .conftest import free_port, posted
from .mails import carrier_mail

pytestmark = pytest.mark.django_db(transaction=True)

POSTFIX = "/usr/sbin/postfix"

MASTER_CF = """\
{smtp_port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
showq     unix  n       -       n       -       -       showq
yubitter  unix  -       -       n       -       10      lmtp
"""

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {dir}/queue
data_directory = {dir}/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.test.invalid
mydomain = test.invalid
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relay_domains = {domain}
transport_maps = texthash:{dir}/transport
yubitter_destination_recipient_limit = 1
message_size_limit = {size}
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
maillog_file_prefixes = {dir}
maillog_file = {dir}/maillog
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
disable_dns_lookups = yes
smtp_host_lookup = native
lmtp_host_lookup = native
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
"""


@pytest.fixture
def postfix(lmtp_server, settings):
    if not os.path.exists(POSTFIX):
        pytest.fail("postfix is not installed (make test installs it)")
    directory = Path(tempfile.mkdtemp(prefix="yb-postfix-"))
    directory.chmod(0o755)  # Postfix's daemons run as the postfix user
    (directory / "queue").mkdir()
    (directory / "data").mkdir()
    shutil.chown(directory / "data", user="postfix")
    smtp_port = free_port()
    (directory / "main.cf").write_text(
        MAIN_CF.format(dir=directory, domain=settings.MAIL_DOMAIN, size=settings.MAIL_MAX_BYTES)
    )
    (directory / "master.cf").write_text(MASTER_CF.format(smtp_port=f"127.0.0.1:{smtp_port}"))
    (directory / "transport").write_text(
        f"{settings.MAIL_DOMAIN} yubitter:inet:127.0.0.1:{lmtp_server.port}\n"
    )
    started = subprocess.run(
        [POSTFIX, "-c", str(directory), "start"], capture_output=True, text=True, timeout=60
    )
    maillog = directory / "maillog"
    assert started.returncode == 0, maillog.read_text() if maillog.exists() else started.stderr
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                smtplib.SMTP("127.0.0.1", smtp_port, timeout=2).quit()
                break
            except OSError:
                assert time.monotonic() < deadline, (directory / "maillog").read_text()
                time.sleep(0.2)
        yield directory, smtp_port
    finally:
        subprocess.run([POSTFIX, "-c", str(directory), "stop"], capture_output=True, timeout=60)
        shutil.rmtree(directory, ignore_errors=True)


def _wait(predicate, seconds, log):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    raise AssertionError(log.read_text() if log.exists() else "no Postfix log")


def test_postfix_delivers_an_au_mail_to_the_lmtp_server_and_it_is_posted(poster, emulator, postfix):
    directory, port = postfix
    # au: ISO-2022-JP with the au mail JIS pictograph for the sun (7541).
    raw = carrier_mail(
        to=poster.address,
        sender="phone@ezweb.ne.jp",
        body=b"\x1b$B%]%9%H%U%#%C%/%9$+$i\x1b(B\x1b$Bu\x41\x1b(B",
        charset="iso-2022-jp",
    )
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        assert client.sendmail("phone@ezweb.ne.jp", [poster.address], raw) == {}
    _wait(lambda: posted(emulator, "ポストフィックスから☀️"), 90, directory / "maillog")
    log = MailLog.objects.get()
    assert log.result == MailLog.Result.POSTED and log.sender == "phone@ezweb.ne.jp"
    assert "status=sent" in (directory / "maillog").read_text()


def test_postfix_bounces_mail_to_an_unknown_address(poster, emulator, postfix, settings):
    directory, port = postfix
    unknown = f"{'a' * 20}@{settings.MAIL_DOMAIN}"
    raw = carrier_mail(to=unknown, sender="phone@docomo.ne.jp", body=b"nobody", charset="us-ascii")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail("phone@docomo.ne.jp", [unknown], raw)
    maillog = directory / "maillog"
    _wait(lambda: maillog.exists() and "status=bounced" in maillog.read_text(), 90, maillog)
    assert "550 5.1.1" in maillog.read_text()
    assert not posted(emulator, "nobody")
