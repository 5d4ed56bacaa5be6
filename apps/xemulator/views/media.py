"""GET /_media/<name>: real images standing in for pbs.twimg.com (``images.py``, ``uploads.py``)."""

from django.http import HttpResponse

from .. import images, uploads


def serve(request, name):
    """The image's bytes; query parameters such as ``?name=small`` are ignored."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    found = images.image(name) or uploads.uploaded(request.emulator_state, name)
    if found is None:
        return HttpResponse(b"Not Found", status=404, content_type="text/plain")
    content_type, data = found
    response = HttpResponse(b"" if request.method == "HEAD" else data, content_type=content_type)
    response["cache-control"] = "max-age=604800, must-revalidate"
    return response
