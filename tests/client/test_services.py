"""The client's services: writes go to X or into the outbox, DM events become conversations."""

import pytest

from apps.accounts.models import XAccount
from apps.client import services
from apps.client.models import OutboxItem
from apps.xapi import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(signed_in):
    return XAccount.objects.get(screen_name="demo").user


def test_a_post_x_takes_is_not_kept(user, emulator):
    assert services.post_create_or_keep(user=user, text="straight to X") is None
    texts = [p.text for p in emulator.state.authored_posts(user.x_account.x_user_id)]
    assert "straight to X" in texts
    assert not OutboxItem.objects.exists()


def test_a_post_x_cannot_take_now_is_kept_with_its_reply_target(user, emulator):
    emulator.state.set_fault("/2/tweets", status=503, method="POST")
    kept = services.post_create_or_keep(user=user, text="later", in_reply_to="123")
    assert isinstance(kept.error, errors.Unavailable)
    stored = OutboxItem.objects.get()
    assert (stored.pk, stored.text, stored.in_reply_to) == (kept.item.pk, "later", "123")


def test_a_refused_post_is_raised_not_kept(user, emulator):
    assert services.post_create_or_keep(user=user, text="said once") is None
    with pytest.raises(errors.Refused):  # X refuses a duplicate for good
        services.post_create_or_keep(user=user, text="said once")
    assert not OutboxItem.objects.exists()


def test_a_message_x_cannot_take_now_is_kept_for_its_person(user, emulator):
    friend = emulator.state.user_by_username("alice")
    emulator.state.set_fault("/2/dm_conversations/*", status=429, method="POST")
    kept = services.dm_send_or_keep(user=user, participant_id=friend.id, text="hi")
    assert isinstance(kept.error, errors.RateLimited)
    stored = OutboxItem.objects.get()
    assert (stored.kind, stored.dm_participant_id) == (OutboxItem.Kind.DM, friend.id)


def test_dm_events_become_one_conversation_each_newest_first(user, emulator):
    found = services.dm_conversations(user.x_account)
    ids = [c.id for c in found.items]
    assert ids and len(ids) == len(set(ids))
    times = [c.latest.created_at for c in found.items]
    assert times == sorted(times, reverse=True)
    named = {c.other.username for c in found.items if c.other is not None}
    assert {"hanako", "alice"} <= named
