"""OAuth routes: request_token, the authorize page, access_token, invalidate_token.

The authorize page (GET /oauth/authorize or /oauth/authenticate?oauth_token=...)
is a form that POSTs back to the same URL with the fields ``oauth_token``
(hidden), ``username`` and ``password``, and one of the submit buttons
``allow`` or ``deny``. Approving redirects to the callback with
``oauth_token`` and ``oauth_verifier``; denying redirects with ``denied``;
for ``oob`` the page shows a 7-digit PIN in the element with id="pin".
"""

from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string

from .. import oauth
from ..problems import problem_response


def _page(template: str, context: dict, status: int = 200) -> HttpResponse:
    html = render_to_string(f"xemulator/{template}", context)
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def request_token(request):
    """POST /oauth/request_token."""
    if request.method != "POST":
        return problem_response(404, "Sorry, that page does not exist.")
    return oauth.request_token_response(request, request.emulator_state)


def authorize(request):
    """GET shows the consent form; POST signs the user in and approves or denies."""
    state = request.emulator_state
    token = request.POST.get("oauth_token") or request.GET.get("oauth_token", "")
    record = state.request_token(token)
    if record is None:
        return _page(
            "message.html",
            {
                "title": "This page is no longer valid",
                "message": "The request token is unknown, expired or already used. "
                "Go back to the app and sign in again.",
            },
            status=400,
        )
    consumer = state.consumer(record.consumer_key)
    context = {
        "token": token,
        "action": request.path,
        "app_name": consumer.name if consumer else record.consumer_key,
        "username": request.POST.get("username") or request.GET.get("screen_name", ""),
    }
    if request.method != "POST":
        return _page("authorize.html", context)
    if "deny" in request.POST:
        location = oauth.deny_redirect(state, token)
        if location:
            return HttpResponseRedirect(location)
        return _page(
            "message.html",
            {"title": "Access denied", "message": f"You did not authorize {context['app_name']}."},
        )
    user = state.check_password(request.POST.get("username", ""), request.POST.get("password", ""))
    if user is None:
        context["error"] = "The username and password you entered did not match our records."
        return _page("authorize.html", context)
    location, pin = oauth.approve(request, state, token, user.id)
    if location:
        return HttpResponseRedirect(location)
    return _page("pin.html", {"pin": pin, "app_name": context["app_name"]})


def access_token(request):
    """POST /oauth/access_token."""
    if request.method != "POST":
        return problem_response(404, "Sorry, that page does not exist.")
    return oauth.access_token_response(request, request.emulator_state)


def invalidate_token(request):
    """POST /1.1/oauth/invalidate_token (also with .json)."""
    if request.method != "POST":
        return problem_response(404, "Sorry, that page does not exist.")
    return oauth.invalidate_token_response(request, request.emulator_state)
