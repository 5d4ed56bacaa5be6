"""The hashed locks agree with the direct pins they were compiled from."""

import re
from pathlib import Path

import pytest

# Nothing here depends on the database or the cache: run in make test's first pass only.
pytestmark = pytest.mark.tooling

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    """PEP 503 normalised name: case and runs of -_. do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(path: Path) -> dict[str, str]:
    """`name == version` of each requirement line in a .in file (options and -r lines skipped)."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: {line!r} is not pinned with =="
        pins[_name(match[1])] = match[2]
    return pins


def locked(path: Path) -> dict[str, list[str]]:
    """Each package of a pip-compile lock with the hashes listed under it."""
    packages: dict[str, list[str]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _name(match[1])
            assert current not in packages, f"{path.name} locks {current} twice"
            packages[current] = [match[2]]
        elif current and line.strip().startswith("--hash=sha256:"):
            packages[current].append(line.strip().removesuffix("\\").strip())
        elif line and not line.startswith((" ", "#")):
            pytest.fail(f"{path.name}: unexpected line {line!r} (edit the .in file, make lock)")
    return packages


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")],
)
def test_every_direct_pin_is_locked_at_its_version_with_hashes(source, lock):
    pins = direct_pins(ROOT / source)
    packages = locked(ROOT / lock)
    assert pins, f"{source} pins nothing"
    wrong = {
        name: (version, packages.get(name, [None])[0])
        for name, version in pins.items()
        if packages.get(name, [None])[0] != version
    }
    assert not wrong, f"{lock} is not compiled from {source} (run make lock): {wrong}"
    unhashed = sorted(name for name, entry in packages.items() if len(entry) < 2)
    assert not unhashed, f"{lock} has packages without hashes: {unhashed}"


def test_the_dev_lock_holds_the_whole_runtime_lock_at_the_same_versions():
    runtime = locked(ROOT / "requirements.txt")
    dev = locked(ROOT / "requirements-dev.txt")
    differ = {
        name: (entry[0], dev.get(name, [None])[0])
        for name, entry in runtime.items()
        if dev.get(name, [None])[0] != entry[0]
    }
    assert not differ, f"runtime packages locked differently for development: {differ}"


def test_the_pin_parser_sees_a_version_mismatch(tmp_path):
    source = tmp_path / "requirements.in"
    source.write_text("# comment\n-c other.txt\nDjango==5.2.19\nmoto[server]==5.2.5\n")
    lock = tmp_path / "requirements.txt"
    lock.write_text("django==5.2.18 \\\n    --hash=sha256:ab\n    # via -r requirements.in\n")
    assert direct_pins(source) == {"django": "5.2.19", "moto": "5.2.5"}
    assert locked(lock) == {"django": ["5.2.18", "--hash=sha256:ab"]}
