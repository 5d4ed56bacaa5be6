from django.apps import AppConfig


class ClientConfig(AppConfig):
    name = "apps.client"
    label = "client"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .receivers import send_writes_kept_for_sign_in

        user_logged_in.connect(send_writes_kept_for_sign_in, dispatch_uid="client-outbox-sign-in")
