"""Pictures on a card: read by sharecards from allowed folders, checked, embedded.

CairoSVG never opens a file itself. A background photo (a card field) or an
image a template references from its own folder (a logo) is:

- found only inside the folders allowed for it, after resolving symlinks;
- opened with Pillow as PNG, JPEG or WebP only, its byte size and pixel
  count checked before any decoding;
- loaded completely (a truncated file is refused here, not half-drawn later)
  and turned upright by its EXIF orientation;
- downscaled to what the card needs and handed over as a ``data:`` URI.
"""

from __future__ import annotations

import base64
import io
import stat
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError

MAX_IMAGE_PIXELS = 50_000_000
MAX_IMAGE_BYTES = 50 * 1024**2
_FORMATS = ["PNG", "JPEG", "WEBP"]


def find_allowed_image(path: Path, folders: Sequence[Path], field: str) -> Path:
    """Return ``path`` with symlinks resolved if it is a file inside one of ``folders``.

    The folder check comes first, so a refused path says nothing about
    whether such a file exists.
    """
    real = path.expanduser().resolve()
    roots = [folder.expanduser().resolve() for folder in folders]
    if not any(real.is_relative_to(root) for root in roots):
        allowed = ", ".join(str(root) for root in roots) or "none"
        raise ImageError(f"{field}: {str(path)!r} is outside the allowed image folders ({allowed})")
    try:
        info = real.stat()
    except FileNotFoundError:
        raise ImageError(f"{field}: no file {str(path)!r}") from None
    except OSError as error:
        raise ImageError(f"{field}: cannot read {str(path)!r} ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ImageError(f"{field}: {str(path)!r} is not a regular file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise ImageError(
            f"{field}: {str(path)!r} is {info.st_size / 1024**2:.0f} MB (the limit is {MAX_IMAGE_BYTES // 1024**2} MB)"
        )
    return real


def open_image(path: Path, field: str, decode: bool = True) -> Image.Image:
    """Return the checked, fully loaded, upright image at ``path`` (already allowed).

    With ``decode=False``, only its header is read and checked (format, pixel count).
    """
    limit = f"the limit is {MAX_IMAGE_PIXELS // 1_000_000} Mpx"
    try:
        with Image.open(path, formats=_FORMATS) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ImageError(f"{field}: {path.name} is {image.width}x{image.height} ({limit})")
            if not decode:
                return image
            image.load()
            source_format = image.format
            upright = ImageOps.exif_transpose(image)
    except UnidentifiedImageError:
        raise ImageError(f"{field}: {path.name!r} is not a PNG, JPEG or WebP image") from None
    except Image.DecompressionBombError:
        raise ImageError(f"{field}: {path.name} is too large to open ({limit})") from None
    except OSError as error:
        raise ImageError(f"{field}: cannot read {path.name!r} ({error})") from None
    upright.format = source_format
    return upright


class PhotoUri:
    """The background photo as a ``data:`` URI, decoded only if the template prints it.

    The file is found and its header checked at once (a wrong path or a
    non-image is an error with any template); decoding and cropping wait, so
    a template that shows no photo costs nothing.
    """

    def __init__(self, path: Path, width_px: int, height_px: int, folders: Sequence[Path]) -> None:
        self._path = find_allowed_image(path, folders, "background image")
        open_image(self._path, "background image", decode=False)
        self._size_px = (width_px, height_px)
        self._uri: str | None = None

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        if self._uri is None:
            image = open_image(self._path, "background image")
            cropped = ImageOps.fit(image.convert("RGB"), self._size_px, Image.Resampling.LANCZOS)
            self._uri = _encode_uri(cropped, "JPEG")
        return self._uri

    __str__ = __html__


def load_asset_uri(path: Path, folder: Path, max_width_px: int, max_height_px: int) -> str:
    """Return an image from a template's own ``folder``, no larger than the card, as a data: URI.

    PNG and WebP stay lossless (PNG, with their transparency); JPEG stays JPEG.
    """
    field = f"template image {path.name!r}"
    image = open_image(find_allowed_image(path, [folder], field), field)
    lossy = image.format == "JPEG"
    image = image.convert("RGB" if lossy else "RGBA")
    image.thumbnail((max_width_px, max_height_px), Image.Resampling.LANCZOS)
    return _encode_uri(image, "JPEG" if lossy else "PNG")


def _encode_uri(image: Image.Image, fmt: str) -> str:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, format="JPEG", quality=88)
    else:
        image.save(buffer, format="PNG")
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
