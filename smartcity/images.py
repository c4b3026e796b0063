"""Checking and cleaning uploaded images, the same rules for every app.

An upload is accepted by its content (Pillow decodes it), not by its name or declared type;
only JPEG, PNG and WebP are kept; it is size-capped in bytes and pixels; and it is re-encoded,
which drops EXIF (GPS position, camera serial) and any other metadata.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    format: str  # JPEG, PNG or WEBP
    extension: str
    width: int
    height: int


def clean_image(uploaded) -> CleanImage:
    """Validate an uploaded file and return a re-encoded copy without metadata.

    Raises ValidationError with a message in the active language when the file is too large,
    not an image, or of a format we do not accept.
    """
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": f"{uploaded.size / 1_000_000:.1f}",
                "limit": f"{max_bytes / 1_000_000:.0f}",
            },
        )
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as probe:
            image_format = probe.format
            probe.verify()
        uploaded.seek(0)
        image = Image.open(uploaded)
        if image.width * image.height > settings.IMAGE_UPLOAD_MAX_PIXELS:
            raise ValidationError(
                _("The image has too many pixels. Please upload a smaller image."),
                code="too_many_pixels",
            )
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("The file is not an image we can read. Please upload a JPEG, PNG or WebP image."),
            code="not_an_image",
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG and WebP images are accepted."), code="wrong_format"
        )

    image = ImageOps.exif_transpose(image)  # keep the orientation the camera recorded
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    # Saving without exif=/pnginfo= writes no metadata.
    save_options = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"optimize": True}}
    image.save(buffer, format=image_format, **save_options.get(image_format, {"quality": 88}))
    return CleanImage(
        content=ContentFile(buffer.getvalue()),
        format=image_format,
        extension=ALLOWED_FORMATS[image_format],
        width=image.width,
        height=image.height,
    )
