"""Re-encrypt every stored token under the newest key in TOKEN_ENCRYPTION_KEYS."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts import crypto
from apps.accounts.models import PhoneSession, XAccount


class Command(BaseCommand):
    help = "Re-encrypt stored OAuth tokens under the first key of TOKEN_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        done = 0
        failed = []
        with transaction.atomic():
            for account in XAccount.objects.select_for_update().order_by("pk"):
                try:
                    account.token_encrypted = crypto.rotate(account.token_encrypted)
                    account.token_secret_encrypted = crypto.rotate(account.token_secret_encrypted)
                except crypto.DecryptionError:
                    failed.append(account.x_user_id)
                    continue
                account.save(update_fields=["token_encrypted", "token_secret_encrypted"])
                done += 1
            # Session ids of phones signed in by a hand-off: one that cannot be
            # decrypted any more can never be signed out from the PC, so it goes.
            phones = 0
            for phone in PhoneSession.objects.select_for_update().order_by("pk"):
                try:
                    phone.session_key_encrypted = crypto.rotate(phone.session_key_encrypted)
                except crypto.DecryptionError:
                    phone.delete()
                    continue
                phone.save(update_fields=["session_key_encrypted"])
                phones += 1
        self.stdout.write(f"re-encrypted {done} account(s) and {phones} phone session(s)")
        if failed:
            raise CommandError(
                f"{len(failed)} account(s) could not be decrypted with any configured key: "
                + ", ".join(failed)
            )
