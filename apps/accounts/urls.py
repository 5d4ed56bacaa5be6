from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_start, name="login"),
    path("login/callback/", views.login_callback, name="callback"),
    path("login/pin/", views.login_pin, name="pin"),
    path("logout/", views.logout, name="logout"),
    path("login/easy/", views.easy_login, name="easy_login"),
    path("account/", views.account, name="account"),
    path("account/easy-login/bind/", views.easy_login_bind, name="easy_login_bind"),
    path("account/easy-login/unbind/", views.easy_login_unbind, name="easy_login_unbind"),
]
