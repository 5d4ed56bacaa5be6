"""Moving Preferences from client to accounts keeps every user's settings, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("client", "0002_preferences"), ("accounts", "0003_session")]
AFTER = [("accounts", "0004_preferences")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_leaf():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_settings_survive_the_move_and_the_way_back(at_leaf):
    old = _migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="x42")
    old.get_model("client", "Preferences").objects.create(
        user=user,
        posts_per_page=7,
        show_images=False,
        show_avatars=True,
        time_zone="Europe/Berlin",
        language="en",
    )

    new = _migrate(AFTER)
    moved = new.get_model("accounts", "Preferences").objects.get(user_id=user.pk)
    assert (moved.posts_per_page, moved.show_images, moved.show_avatars) == (7, False, True)
    assert (moved.time_zone, moved.language) == ("Europe/Berlin", "en")
    assert "accounts_preferences" in connection.introspection.table_names()
    assert "client_preferences" not in connection.introspection.table_names()

    back = _migrate(BEFORE)
    restored = back.get_model("client", "Preferences").objects.get(user_id=user.pk)
    assert (restored.posts_per_page, restored.time_zone, restored.language) == (
        7,
        "Europe/Berlin",
        "en",
    )
    assert "client_preferences" in connection.introspection.table_names()


@pytest.mark.django_db
def test_the_current_model_reads_the_moved_table():
    from django.contrib.auth import get_user_model

    from apps.accounts.models import Preferences
    from apps.accounts.preferences import preferences_for

    user = get_user_model().objects.create(username="x43")
    Preferences.objects.create(user=user, posts_per_page=9, time_zone="UTC")
    assert Preferences._meta.db_table == "accounts_preferences"
    assert preferences_for(user).posts_per_page == 9
