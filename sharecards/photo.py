"""Background photos: read by sharecards, checked, cropped, embedded.

CairoSVG never opens the file itself. The photo is opened with Pillow from
an allowed format only, its pixel count is checked before any decoding, it is
loaded completely (a truncated file is refused here, not half-drawn later),
turned upright by its EXIF orientation, cover-cropped and downscaled to the
canvas, and handed to the template as a ``data:`` URI.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError

MAX_PHOTO_PIXELS = 50_000_000
_FORMATS = ["PNG", "JPEG", "WEBP"]


def load_photo_uri(path: Path, width_px: int, height_px: int) -> str:
    """Return ``path`` as a JPEG ``data:`` URI filling ``width_px`` × ``height_px``."""
    try:
        with Image.open(path, formats=_FORMATS) as image:
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise ImageError(
                    f"background image: {path} is {image.width}x{image.height} "
                    f"(the limit is {MAX_PHOTO_PIXELS // 1_000_000} Mpx)"
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except FileNotFoundError:
        raise ImageError(f"background image: no file {str(path)!r}") from None
    except UnidentifiedImageError:
        raise ImageError(f"background image: {str(path)!r} is not a PNG, JPEG or WebP image") from None
    except Image.DecompressionBombError:
        raise ImageError(
            f"background image: {path} is too large to open (the limit is {MAX_PHOTO_PIXELS // 1_000_000} Mpx)"
        ) from None
    except OSError as error:
        raise ImageError(f"background image: cannot read {str(path)!r} ({error})") from None
    cropped = ImageOps.fit(upright.convert("RGB"), (width_px, height_px), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    cropped.save(buffer, format="JPEG", quality=88)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
