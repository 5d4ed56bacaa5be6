"""The response pipeline every page goes through on its way to the phone."""

from .inline_css import inline_page


class ResponsePipelineMiddleware:
    """Inline the stylesheet into HTML pages.

    Later stages (carrier encoding, emoji, session id in URLs) hang off this
    same middleware so a page is converted in one place, at the edge.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if (
            content_type.startswith(("text/html", "application/xhtml+xml"))
            and not response.streaming
            and response.status_code != 304
        ):
            charset = response.charset or "utf-8"
            html = response.content.decode(charset)
            response.content = inline_page(html).encode(charset)
            # CommonMiddleware measured the page before it was rewritten.
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
