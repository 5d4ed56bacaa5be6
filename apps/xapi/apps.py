from django.apps import AppConfig


class XApiConfig(AppConfig):
    name = "apps.xapi"
    label = "xapi"
