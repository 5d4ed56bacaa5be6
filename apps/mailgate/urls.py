from django.urls import path

from . import views

app_name = "mailgate"

urlpatterns = [
    path("account/mail/", views.address, name="address"),
    path("account/mail/rotate/", views.rotate, name="rotate"),
]
