"""Settings of the floor app: templates and nothing else."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

SECRET_KEY = "floor-bench-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.floor_app.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False
USE_TZ = True
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "OPTIONS": {"context_processors": []},
    }
]
STYLESHEET = ROOT / "static" / "yubitter.css"
SEED = ROOT / "apps" / "xemulator" / "data" / "seed.json"
