from django.urls import path

from . import views

app_name = "photos"

urlpatterns = [
    path("img/<str:signature>/<int:width>/<str:fmt>/", views.image, name="image"),
]
