"""Nothing typed is lost when X revokes the token: kept, said so, sent right after signing in."""

import pytest
import requests

from apps.accounts.models import XAccount
from apps.client import outbox
from apps.client.models import OutboxItem
from tests.conftest import approve_on_emulator
from tests.keitai.phone import UAS, Phone, page_text

pytestmark = pytest.mark.django_db

KEPT = "What you wrote is kept and will be sent as soon as you sign in again."
SENT = "What you wrote before signing in again is sent now."


def _posted(emulator):
    answer = requests.get(f"{emulator.base_url}/_emulator/posts?author=demo", timeout=5)
    answer.raise_for_status()
    return [item["text"] for item in answer.json()["data"]]


def _revoke(emulator):
    emulator.state.revoke_access_token(XAccount.objects.get(screen_name="demo").token)


def _sign_in_again(client):
    start = client.get("/login/")
    answer = approve_on_emulator(start["Location"])
    callback = answer.headers["Location"]
    done = client.get(callback[callback.index("/login/callback/") :])
    assert done.status_code == 302 and done["Location"].endswith("/home/")
    return client.get("/home/")


@pytest.mark.parametrize("profile", ["docomo-foma", "smartphone"])
def test_a_post_refused_for_a_revoked_token_is_sent_right_after_signing_in(
    client, emulator, profile
):
    phone = Phone(client, UAS[profile])
    home = phone.sign_in()
    _revoke(emulator)
    refused = phone.submit(home, "/post/", text="電車の中から <&>")
    assert refused.status_code == 302
    top = page_text(phone.get(refused["Location"]))
    assert KEPT in top and "Please sign in again" in top
    item = OutboxItem.objects.get()
    assert (item.status, item.text) == (OutboxItem.Status.PENDING, "電車の中から <&>")
    assert item.last_error == outbox.WAITING_FOR_SIGN_IN
    assert "電車の中から <&>" not in _posted(emulator)
    home = phone.sign_in()  # the same X account again: no hour's wait
    assert _posted(emulator)[0] == "電車の中から <&>"
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT
    assert SENT in page_text(home)


def test_a_message_refused_for_a_revoked_token_is_sent_right_after_signing_in(signed_in, emulator):
    assert signed_in.get("/dm/hanako/").status_code == 200  # the conversation, then typing
    _revoke(emulator)
    refused = signed_in.post("/dm/hanako/", {"text": "また行こう"})
    assert refused.status_code == 302 and refused["Location"] == "/"
    assert KEPT in page_text(signed_in.get("/"))
    item = OutboxItem.objects.get()
    assert item.kind == OutboxItem.Kind.DM and item.status == OutboxItem.Status.PENDING
    home = _sign_in_again(signed_in)
    assert "また行こう" in [e.text for e in emulator.state.dm_events.values() if e.text]
    assert SENT in page_text(home)
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT


def test_an_outbox_retry_that_meets_a_revoked_token_waits_for_sign_in(signed_in, emulator):
    emulator.state.set_fault("/2/tweets", status=503)
    kept = signed_in.post("/post/", {"text": "later"})
    assert kept.status_code == 503
    emulator.state.clear_faults()
    _revoke(emulator)
    item = OutboxItem.objects.get()
    assert outbox.outbox_send(item) is False
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.PENDING  # not refused: waiting
    assert item.last_error == outbox.WAITING_FOR_SIGN_IN
    _sign_in_again(signed_in)
    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT and _posted(emulator)[0] == "later"


def test_signing_in_as_another_x_account_sends_nothing_of_the_first(signed_in, emulator):
    _revoke(emulator)
    signed_in.post("/post/", {"text": "demo's words"})
    start = signed_in.get("/login/")
    answer = approve_on_emulator(start["Location"], username="hanako", password="hanako")
    callback = answer.headers["Location"]
    assert signed_in.get(callback[callback.index("/login/callback/") :]).status_code == 302
    assert OutboxItem.objects.get().status == OutboxItem.Status.PENDING
    assert "demo's words" not in _posted(emulator)


def test_a_message_to_someone_not_yet_looked_up_comes_back_as_text(signed_in, emulator):
    _revoke(emulator)
    refused = signed_in.post("/dm/hanako/", {"text": "また行こう <&>"})
    assert refused.status_code == 302 and refused["Location"] == "/"
    top = page_text(signed_in.get("/"))
    assert "Not sent; here is what you wrote: また行こう &lt;&amp;&gt;" in top
