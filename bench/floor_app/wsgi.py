"""WSGI entry of the floor app (``gunicorn bench.floor_app.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.floor_app.settings")
application = get_wsgi_application()
