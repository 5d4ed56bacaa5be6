from django.urls import path, re_path

from . import views, views_handoff

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
    path("account/phone/", views_handoff.handoff_page, name="handoff"),
    path("account/phone/qr/", views_handoff.handoff_qr, name="handoff_qr"),
    path("account/phone/<int:pk>/sign-out/", views_handoff.phone_sign_out, name="phone_sign_out"),
    path("h/", views_handoff.handoff_code, name="handoff_code"),
    re_path(
        r"^h/(?P<token>[A-Za-z0-9_-]{1,64})/$", views_handoff.handoff_link, name="handoff_link"
    ),
    path("qr/site.png", views_handoff.site_qr, name="site_qr"),
]
