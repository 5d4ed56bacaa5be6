from django.apps import AppConfig


class KeitaiConfig(AppConfig):
    name = "apps.keitai"
    label = "keitai"
