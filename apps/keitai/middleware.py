"""The two edges of a request: what the phone sent, and what it gets back.

``DeviceMiddleware`` sits before the session and CSRF middleware: it profiles
the device (``request.device``) and, for phones that do not write UTF-8 or that
use carrier pictographs, decodes the query string and form body itself, so
nothing downstream ever sees Shift_JIS bytes or private-use emoji.
``request.input_ok`` is False when some bytes could not be read.

``ResponsePipelineMiddleware`` sits just outside the session middleware (so
the session has been saved and its final id is known) and turns the rendered
page into the device's bytes with ``apps.keitai.pipeline.transform``. Before
that, while the view's request is still in force (user, time zone, language),
it fits a ``FittedListResponse`` to the device's byte budget.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from .budget import measuring_params, wire_bytes
from .characters import clean_text
from .conformance import MarkupError, chtml_problems, xml_problem
from .detect import detect_request
from .emoji import PICTOGRAPH_CARRIERS
from .encoding import UTF8, parse_form, unescape_browser_references
from .links import add_params, is_same_site
from .markup import document_for
from .responses import FittedListResponse
from .url_sessions import link_params

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FORM_TYPE = "application/x-www-form-urlencoded"


def needs_input_decoding(device) -> bool:
    """The device sends something Django's UTF-8 parsing would get wrong."""
    return device.charset != UTF8 or device.emoji in PICTOGRAPH_CARRIERS


def _query_dict(fields, charset) -> QueryDict:
    result = QueryDict(mutable=True)
    for name, value in fields:
        # No control characters past this point (apps.keitai.characters).
        result.appendlist(clean_text(name), clean_text(unescape_browser_references(value, charset)))
    result._mutable = False
    return result


def decode_input(request, device) -> bool:
    """Replace request.GET (and a urlencoded request.POST) with decoded Unicode.

    Returns whether every byte could be read.
    """
    max_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    ok = True
    if request.method == "POST" and request.content_type != _FORM_TYPE:
        # Multipart (photo uploads): let Django parse, in the device's charset.
        request.encoding = device.charset
    query = request.META.get("QUERY_STRING", "")
    parsed = parse_form(query, device.charset, device.emoji, max_fields=max_fields)
    request.GET = _query_dict(parsed.fields, device.charset)
    ok = parsed.ok
    if request.method == "POST" and request.content_type == _FORM_TYPE:
        parsed = parse_form(request.body, device.charset, device.emoji, max_fields=max_fields)
        request._post = _query_dict(parsed.fields, device.charset)
        request._files = MultiValueDict()
        ok = ok and parsed.ok
    return ok


def input_ok(request) -> bool:
    """False when the phone sent bytes that could not be decoded (for forms to say so)."""
    return getattr(request, "input_ok", True)


class DeviceMiddleware:
    """Set ``request.device`` and decode carrier input before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        device = request.device = detect_request(request)
        request.input_ok = True
        if needs_input_decoding(device):
            try:
                request.input_ok = decode_input(request, device)
            except (TooManyFieldsSent, RequestDataTooBig):
                # Django refuses the same input again when a view reads it, inside
                # the response pipeline: the 400 page then comes in the device's
                # markup and charset. Nothing half-decoded may be sent meanwhile.
                request.input_ok = False
        return self.get_response(request)


def _measured(response, html: str, params) -> bytes | None:
    """The bytes fitting already made for exactly this page and these links."""
    memo = getattr(response, "wire_body", None)
    if memo is not None and memo[0] == html and memo[1] == params:
        return memo[2]
    return None


def _host(request) -> str:
    try:
        return request.get_host()
    except DisallowedHost:
        return ""


class ResponsePipelineMiddleware:
    """Inline CSS, carry the session id and guid=ON, convert emoji, encode.

    See ``apps.keitai.pipeline``; also fixes the Content-Type (media type and
    charset per device), Content-Length, and same-site redirect targets.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        device = getattr(request, "device", None)
        if device is None:
            device = request.device = detect_request(request)
        params = link_params(request)
        host = _host(request)
        if response.has_header("Location"):
            self._redirect(request, response, device, host, params)
        content_type = response.get("Content-Type", "")
        if (
            content_type.startswith(_HTML_TYPES)
            and not response.streaming
            and response.status_code != 304
            and response.content
        ):
            html = response.content.decode(response.charset or "utf-8")
            body = _measured(response, html, params) or wire_bytes(request, html, params, host)
            response.content = body
            document = document_for(device)
            if settings.KEITAI_CHECK_MARKUP:
                _check_markup(request, body, device, document)
            response["Content-Type"] = document.content_type_header
            # Required on every response by i-mode and SoftBank.
            response["Content-Length"] = str(len(body))
            if len(body) > device.markup_budget:
                logger.warning(
                    "%s is %d bytes, over the %d-byte budget of %s",
                    request.path,
                    len(body),
                    device.markup_budget,
                    device.describe(),
                )
        return response

    def process_template_response(self, request, response):
        """Fit a list page to the device's byte budget, keeping the bytes it measured."""
        if isinstance(response, FittedListResponse):
            device = getattr(request, "device", None) or detect_request(request)
            request.device = device
            params = measuring_params(request)
            host = _host(request)
            fitted = response.fit(
                device.markup_budget, lambda html: wire_bytes(request, html, params, host)
            )
            response.wire_body = (fitted.html, params, fitted.body)
        return response

    @staticmethod
    def _redirect(request, response, device, host, params):
        location = response["Location"]
        if not is_same_site(location, host):
            return
        if params:
            location = add_params(location, params)
        if device.is_keitai and host:
            # Early i-mode and EZweb want absolute Location URLs.
            location = request.build_absolute_uri(location)
        response["Location"] = location


def _check_markup(request, body: bytes, device, document) -> None:
    """Raise MarkupError when the page is not what its document type says (tests)."""
    text = body.decode(device.charset, "replace")
    if document.doctype not in text[:512]:
        return  # not one of our device pages (the admin writes HTML5)
    if document.xml_declaration:
        problem = xml_problem(text)
        problems = [problem] if problem else []
    elif device.markup == "chtml":
        problems = chtml_problems(text)
    else:
        return
    if problems:
        raise MarkupError(f"{request.path} for {device.describe()}: {'; '.join(problems)[:2000]}")
