from django.apps import AppConfig


class MailgateConfig(AppConfig):
    name = "apps.mailgate"
    label = "mailgate"
    verbose_name = "mail gate"
