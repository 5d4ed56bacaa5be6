from django.apps import AppConfig


class ClientConfig(AppConfig):
    name = "apps.client"
    label = "client"
