"""store_photo on the file system: normalised original, variants, rows only with their files."""

import io
import threading

import pytest
from django.core.management import call_command
from PIL import Image

from apps.photos import services
from apps.photos.errors import PhotoRefused, StorageUnavailable
from apps.photos.models import OrphanFile, Photo, PhotoVariant
from apps.photos.normalize import VARIANTS

from . import images
from .stored import assert_no_metadata, near, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("photographer")


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_camera_photo_is_stored_upright_small_enough_and_without_metadata(user):
    photo = services.store_photo(
        user=user, data=images.camera_jpeg(), filename="DSC0001.JPG", content_type="image/jpeg"
    )

    assert len(photo.key) >= 22 and photo.owner == user
    assert (photo.width, photo.height) == (1500, 2000)  # 4000x3000 turned by orientation 6
    assert photo.content_type == "image/jpeg"
    assert photo.page_url() == f"/ph/{photo.key}/"
    files = stored_files(photo)
    assert len(files) == 1 + sum(len(formats) for formats in VARIANTS.values())
    for data in files.values():
        assert_no_metadata(data)
    original = _open(photo.original_bytes())
    assert original.size == (1500, 2000) and original.format == "JPEG"
    assert len(photo.original_bytes()) <= 5 * 1024 * 1024
    # Orientation 6: the stored top-left (red) quadrant is shown top-right.
    rgb = original.convert("RGB")
    assert near(rgb.getpixel((1200, 400)), images.RED)
    assert near(rgb.getpixel((300, 400)), images.BLUE)


def test_every_variant_is_made_at_its_width_and_format(user):
    photo = services.store_photo(user=user, data=images.jpeg_with_exif(size=(800, 600)))
    made = {(v.width, v.format): v for v in photo.variants.all()}
    assert set(made) == {(w, f) for w, formats in VARIANTS.items() for f in formats}
    files = stored_files(photo)
    for (width, fmt), variant in made.items():
        image = _open(files[variant.name])
        assert image.format == {"gif": "GIF", "jpeg": "JPEG", "png": "PNG"}[fmt]
        assert image.size == (width, width * 4 // 3) == (variant.pixel_width, variant.pixel_height)
        assert variant.size == len(files[variant.name])
        assert near(image.convert("RGB").getpixel((width * 3 // 4, width // 3)), images.RED)


def test_a_small_photo_is_never_enlarged(user):
    photo = services.store_photo(user=user, data=images.plain_jpeg(size=(200, 150)))
    assert (photo.width, photo.height) == (200, 150)
    sizes = {(v.width, v.pixel_width) for v in photo.variants.all()}
    assert (120, 120) in sizes and (240, 200) in sizes and (480, 200) in sizes


@pytest.mark.parametrize(
    ("data", "fmt", "size"),
    [
        (images.png_with_alpha(), "png", (400, 300)),
        (images.animated_gif(), "png", (300, 200)),
        (images.webp(), "jpeg", (640, 480)),
        (images.heic(), "jpeg", (640, 480)),
    ],
    ids=["png-alpha", "gif", "webp", "heic"],
)
def test_every_input_format_becomes_a_stored_photo(user, data, fmt, size):
    photo = services.store_photo(user=user, data=data)
    assert (photo.format, (photo.width, photo.height)) == (fmt, size)
    assert _open(photo.original_bytes()).size == size
    assert photo.variants.count() == 7


def test_an_animated_gif_keeps_its_first_picture_only(user):
    photo = services.store_photo(user=user, data=images.animated_gif())
    for data in stored_files(photo).values():
        image = _open(data)
        assert getattr(image, "n_frames", 1) == 1
        assert near(image.convert("RGB").getpixel((10, 10)), images.RED)


def test_the_same_photo_sent_twice_is_stored_once(user, django_user_model):
    data = images.plain_jpeg(size=(300, 200))
    first = services.store_photo(user=user, data=data)
    again = services.store_photo(user=user, data=data)
    assert again.pk == first.pk and Photo.objects.count() == 1
    other = django_user_model.objects.create_user("someone-else")
    theirs = services.store_photo(user=other, data=data)
    assert theirs.pk != first.pk and theirs.key != first.key


def test_keys_are_unguessable_and_all_different(user):
    keys = {
        services.store_photo(user=user, data=images.plain_jpeg(size=(100 + n, 80))).key
        for n in range(5)
    }
    assert len(keys) == 5
    assert all(len(key) >= 22 and key.isascii() for key in keys)


class FailingStorage:
    """The real file storage, failing from the `fail_at`-th save on (a disk filling up)."""

    def __init__(self, real, fail_at):
        self.real, self.fail_at, self.saves = real, fail_at, 0
        self.lock = threading.Lock()

    def save(self, name, content):
        with self.lock:
            self.saves += 1
            failing = self.saves >= self.fail_at
        if failing:
            raise OSError(28, "No space left on device")
        return self.real.save(name, content)

    def __getattr__(self, name):
        return getattr(self.real, name)


def _all_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_storage_failure_half_way_leaves_no_row_and_no_file(user, monkeypatch, tmp_path):
    from apps.photos import storage

    real = storage.photo_storage()
    failing = FailingStorage(real, fail_at=4)
    monkeypatch.setattr(storage, "photo_storage", lambda: failing)
    with pytest.raises(StorageUnavailable) as caught:
        services.store_photo(user=user, data=images.plain_jpeg())
    assert "try again later" in str(caught.value.message)
    assert failing.saves == 8, "every file was tried, three of them written"
    assert Photo.objects.count() == 0 and PhotoVariant.objects.count() == 0
    assert _all_files(tmp_path / "media") == []
    assert OrphanFile.objects.count() == 0

    monkeypatch.setattr(storage, "photo_storage", lambda: real)
    photo = services.store_photo(user=user, data=images.plain_jpeg())
    assert len(_all_files(tmp_path / "media")) == 8 == len(stored_files(photo))


def test_a_database_failure_removes_the_files_written(user, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(PhotoVariant.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.store_photo(user=user, data=images.plain_jpeg())
    assert Photo.objects.count() == 0
    assert _all_files(tmp_path / "media") == []


def test_files_that_cannot_be_deleted_are_remembered_and_purged_later(user, monkeypatch, tmp_path):
    from apps.photos import storage

    real = storage.photo_storage()

    class StoreDiesHalfWay(FailingStorage):
        def delete(self, name):
            raise ConnectionError("store down")

    monkeypatch.setattr(storage, "photo_storage", lambda: StoreDiesHalfWay(real, fail_at=3))
    with pytest.raises(StorageUnavailable):
        services.store_photo(user=user, data=images.plain_jpeg())
    assert Photo.objects.count() == 0
    left = _all_files(tmp_path / "media")
    assert len(left) == 2 and OrphanFile.objects.count() == 2

    assert services.purge_orphans() == (0, 2), "still down: nothing deleted, both kept"
    monkeypatch.setattr(storage, "photo_storage", lambda: real)
    out = io.StringIO()
    call_command("purge_photo_orphans", stdout=out)
    assert "deleted 2 orphan file(s), 0 still left" in out.getvalue()
    assert _all_files(tmp_path / "media") == [] and OrphanFile.objects.count() == 0


def test_refusals_say_why_and_store_nothing(user, tmp_path):
    with pytest.raises(PhotoRefused) as caught:
        services.store_photo(user=user, data=b"%PDF-1.4 not a photo at all")
    assert caught.value.code == "not_image"
    assert "not a photo" in str(caught.value.message)
    assert Photo.objects.count() == 0 and _all_files(tmp_path / "media") == []
