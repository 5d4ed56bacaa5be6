"""pre-commit runs make lint's checks from the project's own .venv, with nothing downloaded."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Nothing here depends on the database or the cache: run in make test's first pass only.
pytestmark = pytest.mark.tooling

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.prefix) / "bin" / "pre-commit"


@pytest.fixture
def repo(tmp_path):
    """A git repository with the project's hook config, ruff settings and .venv."""
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def pre_commit(repo, *files):
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo / ".cache"), "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), "add", *files], check=True)
    return subprocess.run(
        [str(PRE_COMMIT), "run", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_config_is_valid():
    done = subprocess.run(
        [str(PRE_COMMIT), "validate-config", str(ROOT / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_unused_imports_and_unformatted_code_stop_the_commit(repo):
    bad = repo / "bad.py"
    bad.write_text("import os\nx = {'a':1}\n")
    done = pre_commit(repo, "bad.py")
    assert done.returncode == 1, done.stdout
    assert "F401" in done.stdout and "`os` imported but unused" in done.stdout
    assert "files were modified by this hook" in done.stdout
    assert bad.read_text() == 'import os\n\nx = {"a": 1}\n'  # ruff format fixed the style


def test_clean_code_passes(repo):
    (repo / "good.py").write_text('"""Fine."""\n\nVALUE = {"a": 1}\n')
    done = pre_commit(repo, "good.py")
    assert done.returncode == 0, done.stdout
    assert "ruff check (lint, as make lint)" in done.stdout
    assert "Passed" in done.stdout and "Failed" not in done.stdout
