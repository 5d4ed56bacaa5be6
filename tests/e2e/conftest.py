"""Browsers against the gateway running as a live server, with the X emulator."""

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots and page dumps go (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def gateway(live_server, emulator):
    """The gateway's base URL, talking to a fresh emulator."""
    return live_server.url
