"""Dependency arrows point one way: client uses accounts, keitai and xapi, never back.

apps/accounts and apps/keitai import nothing of apps/client, name no ``client:``
route in code, and their templates (templates/accounts, templates/keitai) name
none either: where they send people comes from settings.LOGIN_URL and
LOGIN_REDIRECT_URL, and the navigation lives with the client's templates.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER_APPS = ("accounts", "keitai")


def _modules(app):
    return sorted(p for p in (ROOT / "apps" / app).rglob("*.py") if "migrations" not in p.parts)


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_the_import_walk_sees_relative_and_absolute_imports(tmp_path):
    sample = ROOT / "apps" / "client" / "views" / "lists.py"
    found = _imported(sample)
    assert {"apps.xapi", "apps.xapi.services"} <= found
    assert any(name.startswith("apps.client.views.common") for name in found)


@pytest.mark.parametrize("app", LOWER_APPS)
def test_lower_apps_import_nothing_of_the_client(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imported(path) if "apps.client" in n)
        for path in _modules(app)
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert offenders, "the walk found modules"


_CLIENT_ROUTE = re.compile(r"""["']client:""")


@pytest.mark.parametrize("app", LOWER_APPS)
def test_lower_apps_name_no_client_route(app):
    named = [
        str(path.relative_to(ROOT))
        for path in _modules(app)
        if _CLIENT_ROUTE.search(path.read_text()) or "apps.client" in path.read_text()
    ]
    assert named == []


@pytest.mark.parametrize("folder", ["accounts", "keitai"])
def test_lower_templates_name_no_client_route_or_template(folder):
    templates = sorted((ROOT / "templates" / folder).rglob("*.html"))
    assert templates
    named = [
        str(p.relative_to(ROOT))
        for p in templates
        if "client:" in p.read_text() or "client/" in p.read_text()
    ]
    assert named == []


def test_the_keitai_shell_holds_no_navigation():
    shell = (ROOT / "templates" / "keitai" / "layout.html").read_text()
    assert "{% url" not in shell and "nav" not in shell
    assert "{% url 'client:home' %}" in (ROOT / "templates" / "client" / "_nav.html").read_text()


def test_views_call_services_never_the_x_client():
    views = [
        *sorted((ROOT / "apps" / "client" / "views").glob("*.py")),
        ROOT / "apps" / "accounts" / "views.py",
    ]
    calling = {
        str(path.relative_to(ROOT)): sorted(n for n in _imported(path) if "apps.xapi.client" in n)
        for path in views
    }
    assert {k: v for k, v in calling.items() if v} == {}
    assert "XClient" not in "".join(path.read_text() for path in views)


def test_views_catch_one_refusal_class_not_each_error():
    views = sorted((ROOT / "apps" / "client" / "views").glob("*.py"))
    text = "".join(path.read_text() for path in views)
    assert "except errors.Refused" in text
    assert "except errors.XError" not in text and "except errors.TokenRevoked" not in text
