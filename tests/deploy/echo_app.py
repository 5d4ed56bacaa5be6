"""A WSGI app that answers with what gunicorn told it: the scheme and the client address."""


def application(environ, start_response):
    body = f"{environ['wsgi.url_scheme']} {environ.get('REMOTE_ADDR', '')}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
