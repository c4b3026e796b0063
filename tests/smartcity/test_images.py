import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartcity.images import clean_image


def make_image(fmt="JPEG", size=(64, 48), exif=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        data[0x8825] = {2: (55.0, 40.0, 0.0)}  # GPSInfo: latitude
        options["exif"] = data
    image.save(buffer, format=fmt, **options)
    return SimpleUploadedFile(f"photo.{fmt.lower()}", buffer.getvalue())


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_it_accepts_jpeg_png_and_webp(fmt):
    cleaned = clean_image(make_image(fmt))
    assert cleaned.format == fmt
    assert (cleaned.width, cleaned.height) == (64, 48)


def test_it_strips_exif_including_the_gps_position():
    upload = make_image("JPEG", exif=True)
    assert Image.open(io.BytesIO(upload.read())).getexif()  # the original carries EXIF
    upload.seek(0)
    cleaned = clean_image(upload)
    assert not Image.open(io.BytesIO(cleaned.content.read())).getexif()


def test_it_rejects_a_file_that_is_not_an_image_whatever_its_name():
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'hi'; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        clean_image(fake)
    assert error.value.code == "not_an_image"


def test_it_rejects_formats_we_do_not_accept():
    with pytest.raises(ValidationError) as error:
        clean_image(make_image("GIF"))
    assert error.value.code == "wrong_format"


def test_it_rejects_an_oversized_file(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        clean_image(make_image("PNG", size=(400, 400)))
    assert error.value.code == "too_large"
