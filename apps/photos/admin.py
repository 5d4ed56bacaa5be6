from django.contrib import admin
from django.utils.html import format_html

from .models import Photo, PhotoVariant


def _thumbnail(variant: PhotoVariant | None):
    if variant is None:
        return "-"
    # The gateway serves the variant itself (the bucket stays private).
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" />',
        variant.url(),
        variant.pixel_width,
        variant.pixel_height,
    )


class PhotoVariantInline(admin.TabularInline):
    """The stored variants, each shown as it is served."""

    model = PhotoVariant
    fields = ("thumbnail", "width", "format", "pixel_width", "pixel_height", "size", "name")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="image")
    def thumbnail(self, variant):
        return _thumbnail(variant)


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    """Photos people sent, with their variants; the files are the gateway's to change."""

    list_display = (
        "thumbnail",
        "key_start",
        "owner",
        "width",
        "height",
        "format",
        "size",
        "created",
    )
    list_filter = ("format", "created")
    search_fields = ("owner__username", "owner__x_account__screen_name", "key")
    fields = ("owner", "key", "width", "height", "format", "size", "original_name", "created")
    readonly_fields = fields
    inlines = (PhotoVariantInline,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A row deleted here would leave its files in the store with nothing naming them.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner").prefetch_related("variants")

    @admin.display(description="photo")
    def thumbnail(self, photo):
        small = [v for v in photo.variants.all() if v.width == 120]
        return _thumbnail(min(small, key=lambda v: v.size) if small else None)

    @admin.display(description="key", ordering="key")
    def key_start(self, photo):
        return photo.key[:8] + "…"
