"""Image variants kept on S3: the real S3 API (moto's server over HTTP), not a mock."""

from apps.photos.proxy import fetch_variant

from .images import plain_jpeg
from .s3 import BUCKET


def test_variant_is_stored_on_s3_and_served_from_it(s3_storage, upstream):
    url = upstream.add("/big.jpg", plain_jpeg(), content_type="image/jpeg")
    first = fetch_variant(url, 120, "jpeg")
    keys = s3_storage.keys()
    assert len(keys) == 1 and keys[0].startswith("photos/proxy/")
    stored = s3_storage.client().get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert stored == first.data
    hits = upstream.hits["/big.jpg"]
    again = fetch_variant(url, 120, "jpeg")
    assert again.data == first.data
    assert upstream.hits["/big.jpg"] == hits, "the second request is served from S3"
