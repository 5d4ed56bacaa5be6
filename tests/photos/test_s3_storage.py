"""Image variants kept on S3: the real S3 API (moto's server over HTTP), not a mock."""

import shutil
import socket
import subprocess
import time

import boto3
import pytest

from apps.photos.proxy import fetch_variant

from .images import plain_jpeg

BUCKET = "yubitter-test-media"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 server process on loopback; stopped by its PID afterwards."""
    binary = shutil.which("moto_server")
    assert binary, "moto[server] is in requirements-dev.txt"
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield endpoint
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def s3_storage(settings, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
            },
        },
    }
    return client


def test_variant_is_stored_on_s3_and_served_from_it(s3_storage, upstream):
    url = upstream.add("/big.jpg", plain_jpeg(), content_type="image/jpeg")
    first = fetch_variant(url, 120, "jpeg")
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert len(keys) == 1 and keys[0].startswith("photos/proxy/")
    stored = s3_storage.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert stored == first.data
    hits = upstream.hits["/big.jpg"]
    again = fetch_variant(url, 120, "jpeg")
    assert again.data == first.data
    assert upstream.hits["/big.jpg"] == hits, "the second request is served from S3"
