"""Preferences join accounts, on the table client/0003 renamed (no row copied).

The content type moves too, so permissions granted on preferences are kept.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label=new, model="preferences").exists():
        content_type.objects.using(db).filter(app_label=old, model="preferences").update(
            app_label=new
        )


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "client", "accounts")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "accounts", "client")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_session"),
        ("client", "0003_preferences_to_accounts"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Preferences",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("posts_per_page", models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(50)])),
                        ("show_images", models.BooleanField(default=True)),
                        ("show_avatars", models.BooleanField(default=False)),
                        ("time_zone", models.CharField(default="Asia/Tokyo", max_length=64)),
                        ("language", models.CharField(blank=True, choices=[("", "as the browser says"), ("ja", "日本語"), ("en", "English")], default="", max_length=8)),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="preferences", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name_plural": "preferences",
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
