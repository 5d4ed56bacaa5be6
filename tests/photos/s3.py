"""moto's S3 server as a real process over HTTP, and a storage setting pointing at it."""

import shutil
import socket
import subprocess
import time

import boto3
from botocore.config import Config

BUCKET = "yubitter-test-media"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MotoServer:
    """One moto_server process on 127.0.0.1; `stop()` and `start()` again keep the port."""

    def __init__(self):
        self.binary = shutil.which("moto_server")
        assert self.binary, "moto[server] is in requirements-dev.txt"
        self.port = free_port()
        self.proc = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "MotoServer":
        self.proc = subprocess.Popen(
            [self.binary, "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("moto_server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def client(self):
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1", **CREDENTIALS
        )

    def create_bucket(self) -> None:
        self.client().create_bucket(Bucket=BUCKET)

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def s3_storages(settings, endpoint: str) -> dict:
    """settings.STORAGES with the default storage on S3 at `endpoint`, short timeouts."""
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "file_overwrite": True,
                "client_config": Config(
                    connect_timeout=1, read_timeout=1, retries={"max_attempts": 1}
                ),
            },
        },
    }
