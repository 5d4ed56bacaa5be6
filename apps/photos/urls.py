from django.urls import path

from . import views

app_name = "photos"

urlpatterns = [
    path("img/<str:signature>/<int:width>/<str:fmt>/", views.image, name="image"),
    path("ph/<str:key>/", views.photo, name="photo"),
    path("ph/<str:key>/<int:width>.<str:ext>", views.photo_image, name="photo_image"),
]
