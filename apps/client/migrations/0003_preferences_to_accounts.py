"""Preferences belong to accounts now: the table is renamed, every row kept.

The model leaves this app's state here and enters the accounts app's state in
accounts/0004_preferences; no row is copied, the table only changes its name.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("client", "0002_preferences"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="preferences", table="accounts_preferences"),
            ],
            state_operations=[
                migrations.DeleteModel(name="Preferences"),
            ],
        ),
    ]
