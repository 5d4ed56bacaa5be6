from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_start, name="login"),
    path("login/callback/", views.login_callback, name="callback"),
    path("login/pin/", views.login_pin, name="pin"),
    path("logout/", views.logout, name="logout"),
]
