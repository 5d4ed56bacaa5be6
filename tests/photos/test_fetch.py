import datetime
import socket
import ssl
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from apps.photos.errors import BadUpstream, ForbiddenSource, ImageTooLarge, SourceNotFound
from apps.photos.fetch import fetch_image

from . import images
from .upstream import Upstream

PHOTO = images.plain_jpeg(size=(320, 240))


def test_an_allowed_image_is_fetched_with_the_host_header_of_the_url(upstream):
    url = upstream.add("/media/a.jpg", PHOTO)
    assert fetch_image(url) == PHOTO
    assert upstream.hits["/media/a.jpg"] == 1
    assert upstream.host_headers == [f"127.0.0.1:{upstream.port}"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a.jpg",
        "https://pbs.twimg.com.evil.test/a.jpg",
        "ftp://pbs.twimg.com/a.jpg",
        "file:///etc/passwd",
        "https://user:pw@pbs.twimg.com/a.jpg",
        "https://pbs.twimg.com/a b.jpg",
        "https://pbs.twimg.com:99999/a.jpg",
        "//pbs.twimg.com/a.jpg",
        "",
    ],
)
def test_urls_outside_the_allowed_hosts_and_schemes_are_refused(url, settings):
    settings.IMAGE_PROXY_ALLOWED_HOSTS = ["pbs.twimg.com"]
    with pytest.raises(ForbiddenSource):
        fetch_image(url)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://10.0.0.1/a.jpg", "10.0.0.1"),
        ("https://10.0.0.1/a.jpg", "10.0.0.1"),
        ("https://[::1]/a.jpg", "::1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("https://0.0.0.0/a.jpg", "0.0.0.0"),
    ],
)
def test_private_literal_addresses_are_refused_before_connecting(url, host, settings):
    settings.IMAGE_PROXY_ALLOWED_HOSTS = [host]
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = []
    with pytest.raises(ForbiddenSource):
        fetch_image(url)
    # only_loopback_connections (conftest) fails the test had a connection been tried


def test_a_name_resolving_to_loopback_is_refused_unless_allowed(upstream, settings):
    url = upstream.add("/a.jpg", PHOTO).replace("127.0.0.1", "localhost")
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = []
    with pytest.raises(ForbiddenSource):
        fetch_image(url)
    assert upstream.hits["/a.jpg"] == 0


def test_an_allowed_private_host_is_reached_only_on_its_allowed_port(upstream, settings):
    # Development allows the emulator's port; memcached or a control API on the
    # same host are other ports and stay out of reach.
    url = upstream.add("/a.jpg", PHOTO)
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [f"127.0.0.1:{upstream.port + 1}"]
    with pytest.raises(ForbiddenSource):
        fetch_image(url)
    assert upstream.hits["/a.jpg"] == 0


def test_the_checked_address_is_used_so_dns_rebinding_cannot_redirect(upstream, fake_dns):
    # First answer passes the check; a second lookup would get the inside address.
    fake_dns.answers["images.test"] = ["127.0.0.1", "10.0.0.1"]
    upstream.add("/a.jpg", PHOTO)
    assert fetch_image(upstream.url("/a.jpg", host="images.test")) == PHOTO
    assert fake_dns.lookups["images.test"] == 1
    assert upstream.host_headers == [f"images.test:{upstream.port}"]


def test_public_addresses_are_only_fetched_over_https_on_the_default_port(fake_dns):
    fake_dns.answers["public.test"] = ["93.184.216.34"]
    with pytest.raises(ForbiddenSource):
        fetch_image("http://public.test/a.jpg")
    with pytest.raises(ForbiddenSource):
        fetch_image("https://public.test:8443/a.jpg")


def test_a_redirect_is_not_followed_even_to_an_allowed_host(upstream):
    target = upstream.add("/real.jpg", PHOTO)
    url = upstream.add("/moved.jpg", status=302, headers={"Location": target})
    with pytest.raises(BadUpstream):
        fetch_image(url)
    assert upstream.hits["/moved.jpg"] == 1
    assert upstream.hits["/real.jpg"] == 0


@pytest.mark.parametrize(("status", "refusal"), [(404, SourceNotFound), (500, BadUpstream)])
def test_upstream_errors_are_refusals(upstream, status, refusal):
    with pytest.raises(refusal):
        fetch_image(upstream.add("/gone.jpg", b"error", status=status))


def test_a_declared_oversize_body_is_refused_before_reading(upstream, settings):
    settings.IMAGE_PROXY_MAX_BYTES = 10_000
    # The body would take a second to arrive; the header alone must be enough.
    url = upstream.add("/big.jpg", b"\xff" * 10_001, trickle=0.1)
    started = time.monotonic()
    with pytest.raises(ImageTooLarge):
        fetch_image(url)
    assert time.monotonic() - started < 0.3


def test_an_undeclared_oversize_body_is_cut_off_while_streaming(upstream, settings):
    settings.IMAGE_PROXY_MAX_BYTES = 10_000
    url = upstream.add("/big.jpg", b"\xff" * 200_000, send_length=False)
    with pytest.raises(ImageTooLarge):
        fetch_image(url)
    # Exactly at the limit is fine.
    exact = upstream.add("/exact.jpg", b"\xff" * 10_000, send_length=False)
    assert len(fetch_image(exact)) == 10_000


def test_a_silent_server_times_out(upstream, settings):
    settings.IMAGE_PROXY_READ_TIMEOUT = 0.2
    url = upstream.add("/slow.jpg", PHOTO, delay=1.0)
    started = time.monotonic()
    with pytest.raises(BadUpstream):
        fetch_image(url)
    assert time.monotonic() - started < 0.6


def test_a_trickling_server_is_cut_off_at_the_total_deadline(upstream, settings):
    settings.IMAGE_PROXY_READ_TIMEOUT = 0.3
    settings.IMAGE_PROXY_DEADLINE = 0.5
    # Every piece arrives well inside the read timeout; the whole takes 4 s.
    url = upstream.add("/drip.jpg", b"\xff" * 40 * 1024, trickle=0.1)
    started = time.monotonic()
    with pytest.raises(BadUpstream):
        fetch_image(url)
    assert time.monotonic() - started < 0.9


@pytest.fixture(scope="module")
def tls_upstream(tmp_path_factory):
    """An HTTPS upstream whose certificate names images.test only."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "images.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("images.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server = Upstream(ssl_context=context).start()
    server.ca_file = str(folder / "cert.pem")
    yield server
    server.stop()


def test_https_connects_to_the_checked_address_with_sni_and_certificate_of_the_name(
    tls_upstream, fake_dns, settings
):
    tls_upstream.reset()
    settings.IMAGE_PROXY_CA_BUNDLE = tls_upstream.ca_file
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [f"127.0.0.1:{tls_upstream.port}"]
    fake_dns.answers["images.test"] = ["127.0.0.1"]
    tls_upstream.add("/a.jpg", PHOTO)
    assert fetch_image(tls_upstream.url("/a.jpg", host="images.test")) == PHOTO
    assert tls_upstream.server_names == ["images.test"]
    assert tls_upstream.host_headers == [f"images.test:{tls_upstream.port}"]


def test_https_refuses_a_certificate_for_another_name(tls_upstream, fake_dns, settings):
    tls_upstream.reset()
    settings.IMAGE_PROXY_CA_BUNDLE = tls_upstream.ca_file
    settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [f"127.0.0.1:{tls_upstream.port}"]
    fake_dns.answers["wrong.test"] = ["127.0.0.1"]
    tls_upstream.add("/a.jpg", PHOTO)
    with pytest.raises(BadUpstream):
        fetch_image(tls_upstream.url("/a.jpg", host="wrong.test"))
    assert tls_upstream.hits["/a.jpg"] == 0


def test_an_ipv6_address_is_connected_to_as_checked(fake_dns, settings):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")

    try:
        server = Upstream(family=socket.AF_INET6).start()
    except OSError:
        pytest.skip("::1 is not configured")
    try:
        settings.IMAGE_PROXY_ALLOW_PRIVATE_HOSTS = [f"[::1]:{server.port}"]
        fake_dns.answers["images.test"] = ["::1"]
        server.add("/a.jpg", PHOTO)
        assert fetch_image(server.url("/a.jpg", host="images.test")) == PHOTO
        assert server.host_headers == [f"images.test:{server.port}"]
    finally:
        server.stop()
