"""WSGI entry point (gunicorn yubitter.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yubitter.settings")

application = get_wsgi_application()
