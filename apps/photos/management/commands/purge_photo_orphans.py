"""``manage.py purge_photo_orphans``: delete files left by photos that failed half-way."""

from django.core.management.base import BaseCommand

from apps.photos.services import purge_orphans


class Command(BaseCommand):
    help = "Delete the stored files of photos whose storing failed and could not be undone then."

    def handle(self, *args, **options):
        deleted, left = purge_orphans()
        self.stdout.write(f"deleted {deleted} orphan file(s), {left} still left")
