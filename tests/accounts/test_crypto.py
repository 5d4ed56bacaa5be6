import re

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.accounts import crypto
from apps.accounts.models import XAccount
from apps.accounts.services import account_link
from apps.xapi.credentials import AccessToken

TOKEN = AccessToken(
    token="1001-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN",
    secret="s3cr3t-token-secret-value-0123456789",
    user_id="1001",
    screen_name="alice",
)


def test_round_trip_and_ciphertext_hides_the_secret():
    ciphertext = crypto.encrypt("token-value")
    assert "token-value" not in ciphertext
    assert crypto.decrypt(ciphertext) == "token-value"


@pytest.mark.django_db
def test_tokens_are_stored_encrypted(django_db_blocker):
    account = account_link(access_token=TOKEN)
    row = XAccount.objects.values("token_encrypted", "token_secret_encrypted").get(pk=account.pk)
    assert TOKEN.token not in row["token_encrypted"]
    assert TOKEN.secret not in row["token_secret_encrypted"]
    fresh = XAccount.objects.get(pk=account.pk)
    assert (fresh.token, fresh.token_secret) == (TOKEN.token, TOKEN.secret)
    assert fresh.user.username == "x1001" and not fresh.user.has_usable_password()


@pytest.mark.django_db
def test_relinking_updates_the_same_user():
    first = account_link(access_token=TOKEN)
    renamed = AccessToken(token="1001-" + "z" * 40, secret="new", user_id="1001", screen_name="al")
    second = account_link(access_token=renamed)
    assert first.pk == second.pk and first.user_id == second.user_id
    assert XAccount.objects.get(pk=first.pk).token == "1001-" + "z" * 40


@pytest.mark.django_db
def test_reencrypt_command_moves_tokens_to_the_new_key(settings):
    old_key = settings.TOKEN_ENCRYPTION_KEYS[0]
    account = account_link(access_token=TOKEN)
    new_key = Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("reencrypt_tokens", stdout=open("/dev/null", "w"))
    settings.TOKEN_ENCRYPTION_KEYS = [new_key]
    fresh = XAccount.objects.get(pk=account.pk)
    assert fresh.token == TOKEN.token and fresh.token_secret == TOKEN.secret


@pytest.mark.django_db
def test_reencrypt_command_reports_undecryptable_rows(settings):
    account_link(access_token=TOKEN)
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="1 account"):
        call_command("reencrypt_tokens", stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_admin_never_shows_token_ciphertext(admin_client):
    account = account_link(access_token=TOKEN)
    page = admin_client.get(reverse("admin:accounts_xaccount_change", args=[account.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert re.search(r'<input [^>]*name="screen_name" value="alice"', body), body
    assert account.token_encrypted not in body and "token_encrypted" not in body
    assert TOKEN.token not in body and TOKEN.secret not in body
