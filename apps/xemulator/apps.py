from django.apps import AppConfig


class XEmulatorConfig(AppConfig):
    name = "apps.xemulator"
    label = "xemulator"
