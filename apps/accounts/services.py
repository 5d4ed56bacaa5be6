"""Account services: linking an X account to a local user after OAuth."""

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.xapi.types import AccessToken

from .models import XAccount


@transaction.atomic
def account_link(*, access_token: AccessToken, name: str = "") -> XAccount:
    """Create or refresh the local user and X account for an access token."""
    account = (
        XAccount.objects.select_for_update()
        .select_related("user")
        .filter(x_user_id=access_token.user_id)
        .first()
    )
    if account is None:
        user = get_user_model().objects.create_user(username=f"x{access_token.user_id}")
        user.set_unusable_password()
        user.save(update_fields=["password"])
        account = XAccount(user=user, x_user_id=access_token.user_id)
    account.screen_name = access_token.screen_name
    if name:
        account.name = name
    account.set_token(access_token.token, access_token.secret)
    account.save()
    return account


def account_mark_revoked(account: XAccount) -> None:
    """Remember that X no longer accepts this account's token."""
    XAccount.objects.filter(pk=account.pk).update(token_revoked=True)
