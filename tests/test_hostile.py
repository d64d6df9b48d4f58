"""Hostile input: every item refused quickly with a clear error, nothing read or fetched outside.

Fields are untrusted; templates are semi-trusted. Each case is bounded in
time (``FAST_S``, generous for a loaded 2-core CI machine, far below the
seconds or minutes the unchecked inputs cost).
"""

from __future__ import annotations

import base64
import http.server
import io
import os
import struct
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from sharecards import Card, render_card
from sharecards.errors import FieldError, ImageError, SharecardsError, TemplateError
from sharecards.raster.draw import rasterize_svg

FAST_S = 2.0
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{{ width }}" height="{{ height }}">'


def write_template(folder: Path, body: str, root: str = SVG_OPEN) -> Path:
    path = folder / "hostile.svg.j2"
    path.write_text(f"{root}<rect width=\"10\" height=\"10\" fill=\"#fff\"/>{body}{{{{ textbox(card.title, 10, 10, 300, 100) }}}}</svg>")
    return path


def render_timed(card: Card, **options: object) -> float:
    start = time.perf_counter()
    render_card(card, size="square", **options)  # type: ignore[arg-type]
    return time.perf_counter() - start


def png_header(width: int, height: int) -> bytes:
    """A tiny valid PNG that declares ``width`` x ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


BOMB_PNG = "data:image/png;base64," + base64.b64encode(png_header(30000, 30000)).decode()
USE_BOMB = '<defs><g id="a0"><rect width="1" height="1"/></g>' + "".join(
    f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 9)
) + '</defs><use href="#a8"/>'

HOSTILE_TEMPLATES = {
    "entities": ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>', "DTD or entities"),
    "deep nesting": ("<g>" * 500 + "</g>" * 500, "nested deeper than 64"),
    "use bomb": (USE_BOMB, "<use> expands to more than"),
    "use cycle": ('<g id="x"><use href="#y"/></g><g id="y"><use href="#x"/></g>', "<use> cycle"),
    "file href": ('<image href="file:///etc/hostname" width="9" height="9"/>', "reference 'file:///etc/hostname' refused"),
    "xlink http": ('<image xlink:href="http://example.com/a.png" width="9" height="9"/>', "refused"),
    "relative path": ('<image href="../../secret.png" width="9" height="9"/>', "is outside the allowed image folders"),
    "absolute path": ('<image href="/etc/hostname" width="9" height="9"/>', "reference '/etc/hostname' refused"),
    "home path": ('<image href="~/.ssh/id_rsa" width="9" height="9"/>', "refused"),
    "css import": ('<style>@import url(http://example.com/x.css);</style>', "@import refused"),
    "css url": ('<rect width="9" height="9" style="fill: url(http://example.com/x)"/>', "url('http://example.com/x') refused"),
    "svg data uri": ('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="9" height="9"/>', "refused"),
    "pixel bomb": (f'<image href="{BOMB_PNG}" width="9" height="9"/>', "over the cap"),
    "sandbox escape": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    "undefined name": ("{{ os.system('id') }}", "'os' is undefined"),
}


@pytest.mark.parametrize("name", list(HOSTILE_TEMPLATES))
def test_hostile_template_is_refused_quickly(name: str, tmp_path: Path) -> None:
    body, message = HOSTILE_TEMPLATES[name]
    root = SVG_OPEN
    if name == "entities":
        root, body = body + SVG_OPEN, ""
    template = write_template(tmp_path, body, root)
    start = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        render_card(Card(title="Hello"), template=template, size="square")
    assert time.perf_counter() - start < FAST_S
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_huge_root_size_is_refused(tmp_path: Path) -> None:
    template = write_template(tmp_path, "", SVG_OPEN.replace('width="{{ width }}"', 'width="32767"'))
    with pytest.raises(TemplateError, match="root size '32767' is beyond the cap"):
        render_card(Card(title="x"), template=template, size="square")


@pytest.mark.parametrize(
    "title",
    [
        '</text><image href="file:///etc/hostname"/>',
        "{{ 7*7 }} {% raw %}",
        "Tom & Jerry <b>&amp;</b> ]]>",
        "\u202eevil\u202c \u2066isolate\u2069 \x00\x07\x1b[31m",
    ],
)
def test_hostile_fields_are_text_only(title: str) -> None:
    result = render_card(Card(title=title), size="square", format="svg")
    svg = result.data.decode()
    assert "<image" not in svg and "49" not in "".join(b.text for b in result.blocks)
    shown = next(b for b in result.blocks if b.name == "title").text.replace("\n", " ")
    for kept in ("{{ 7*7 }}", "Tom & Jerry", "</text>"):
        if kept in title:
            assert kept in shown
    assert not any(c in shown for c in "\u202e\u202c\u2066\u2069\x00\x07\x1b")


def test_a_million_character_title_is_refused_at_once() -> None:
    start = time.perf_counter()
    with pytest.raises(FieldError, match="title: too long"):
        render_card(Card(title="x" * 1_000_000))
    assert time.perf_counter() - start < 0.5


def test_truncated_and_oversized_photos_are_refused(tmp_path: Path) -> None:
    photo = tmp_path / "cut.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "red").save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue()[:600])
    with pytest.raises(ImageError, match="cannot read"):
        render_card(Card(title="x", background_image=photo), template="photo", size="square", image_dirs=[tmp_path])
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(30000, 30000))
    start = time.perf_counter()
    with pytest.raises(ImageError, match="the limit is"):
        render_card(Card(title="x", background_image=bomb), template="photo", size="square", image_dirs=[tmp_path])
    assert time.perf_counter() - start < FAST_S


def make_outside_png(tmp_path: Path) -> Path:
    """A real image outside every allowed folder: reading it would be the bug."""
    secret = tmp_path / "private" / "secret.png"
    secret.parent.mkdir()
    Image.new("RGB", (4, 4), "red").save(secret)
    return secret


@pytest.mark.parametrize(
    ("href", "message"),
    [
        ("../private/secret.png", "is outside the allowed image folders"),
        ("escape.png", "is outside the allowed image folders"),  # a symlink out of the folder
        ("sub/../../private/secret.png", "is outside the allowed image folders"),
        ("notes.png", "is not a PNG, JPEG or WebP image"),
        ("bomb.png", "the limit is 50 Mpx"),
        ("missing.png", "no file"),
        ("sub", "is not a regular file"),
    ],
)
def test_template_images_come_only_from_its_own_folder(tmp_path: Path, href: str, message: str) -> None:
    secret = make_outside_png(tmp_path)
    folder = tmp_path / "template"
    (folder / "sub").mkdir(parents=True)
    (folder / "escape.png").symlink_to(secret)
    (folder / "notes.png").write_text("not an image")
    (folder / "bomb.png").write_bytes(png_header(30000, 30000))
    template = write_template(folder, f'<image href="{href}" width="9" height="9"/>')
    start = time.perf_counter()
    with pytest.raises(TemplateError, match=message) as caught:
        render_card(Card(title="x"), template=template, size="square", format="svg")
    assert time.perf_counter() - start < FAST_S
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("how", ["outside", "symlink", "dotdot"])
def test_background_images_come_only_from_allowed_folders(tmp_path: Path, how: str) -> None:
    secret = make_outside_png(tmp_path)
    allowed = tmp_path / "images"
    allowed.mkdir()
    (allowed / "link.png").symlink_to(secret)
    path = {"outside": secret, "symlink": allowed / "link.png", "dotdot": allowed / ".." / "private" / "secret.png"}[how]
    with pytest.raises(ImageError, match="background image: .* is outside the allowed image folders"):
        render_card(Card(title="x", background_image=path), template="photo", size="square", image_dirs=[allowed])


def test_background_images_default_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = make_outside_png(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    Image.new("RGB", (4, 4), "blue").save(site / "photo.png")
    monkeypatch.chdir(site)
    render_card(Card(title="x", background_image=Path("photo.png")), template="photo", size="square")
    with pytest.raises(ImageError, match="outside the allowed image folders"):
        render_card(Card(title="x", background_image=secret), template="photo", size="square")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def local_server() -> Iterator[str]:
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_nothing_is_fetched_from_the_network(local_server: str, tmp_path: Path) -> None:
    references = [
        f'<image href="{local_server}/image.png" width="9" height="9"/>',
        f'<rect width="9" height="9" fill="url({local_server}/paint#x)"/>',
        f"<style>@import url({local_server}/style.css);</style>",
    ]
    for body in references:
        with pytest.raises(TemplateError):
            render_card(Card(title="x"), template=write_template(tmp_path, body), size="square")
    # Defence in depth: even past the preflight, CairoSVG's fetcher loads nothing.
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">{"".join(references)}</svg>'
    rasterize_svg(svg, [], 20, 20)
    assert _Recorder.requests == []


FIELD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(list("<>&\"'{}%#\u202e\u2066\x00")),
    max_size=400,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=FIELD_TEXT, quote=st.one_of(st.none(), FIELD_TEXT), category=st.one_of(st.none(), FIELD_TEXT))
def test_fuzzed_fields_render_or_fail_cleanly_in_bounded_time(title: str, quote: str | None, category: str | None) -> None:
    start = time.perf_counter()
    try:
        render_card(Card(title=title, quote=quote, category=category), size="og", format="svg")
    except SharecardsError:
        pass  # a clear refusal (an empty title, say) is an allowed outcome; a crash is not
    assert time.perf_counter() - start < FAST_S


ELEMENTS = st.sampled_from(
    [
        '<rect width="5" height="5"/>',
        '<g id="g{n}"><circle r="3"/></g>',
        '<use href="#g{n}"/>',
        '<use href="#g{m}"/>',
        '<image href="file:///etc/passwd" width="1" height="1"/>',
        '<path d="M0 0L{n} {m}Z" fill="url(#g{m})"/>',
        "<g>",
        "</g>",
        '<style>rect {{ fill: url(http://x/{n}) }}</style>',
        "{{{{ card.title }}}}",
        "{{% for i in range({n}) %}}<rect width='1' height='1'/>{{% endfor %}}",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.tuples(ELEMENTS, st.integers(0, 9), st.integers(0, 9)), max_size=30))
def test_fuzzed_templates_render_or_fail_cleanly_in_bounded_time(parts: list[tuple[str, int, int]], tmp_path_factory: pytest.TempPathFactory) -> None:
    body = "".join(element.format(n=n, m=m) for element, n, m in parts)
    template = write_template(tmp_path_factory.mktemp("t"), body)
    start = time.perf_counter()
    try:
        render_card(Card(title="Fuzz"), template=template, size="square")
    except SharecardsError:
        pass  # refused with a clear error: allowed
    assert time.perf_counter() - start < FAST_S


def test_a_full_disk_is_one_clear_error_and_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from sharecards.errors import OutputError
    from sharecards.output import write_atomic

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(tmp_path / "card.png", b"x" * 1000)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["mkstemp", "replace"])
def test_a_permission_error_is_one_clear_error_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Tests run as root, where chmod does not refuse anything: the refusal is injected where the OS would make it."""
    import errno
    import os
    import tempfile

    from sharecards.errors import OutputError
    from sharecards.output import write_atomic

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile if where == "mkstemp" else os, "mkstemp" if where == "mkstemp" else "replace", refuse)
    with pytest.raises(OutputError, match="Permission denied") as caught:
        write_atomic(tmp_path / "card.png", b"x" * 1000)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_photos_are_turned_upright_by_their_exif_orientation(tmp_path: Path) -> None:
    from sharecards.images import open_image

    stored = Image.new("RGB", (80, 40), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 40, 40))  # left half red as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": the stored left edge becomes the top
    stored.save(tmp_path / "phone.jpg", exif=exif, quality=95)
    upright = open_image(tmp_path / "phone.jpg", "background image")
    assert upright.size == (40, 80)
    top, bottom = upright.getpixel((20, 10)), upright.getpixel((20, 70))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]
    shown = open_image_bytes(render_card(
        Card(title="x", background_image=tmp_path / "phone.jpg"), template="photo", size="square", image_dirs=[tmp_path]
    ).data)
    red, _, blue = shown.getpixel((540, 60))[:3]
    assert red > blue, "the card's top shows the photo's upright top (red), not its stored left edge turned sideways"


def open_image_bytes(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


class _OpenRecorder:
    """Every path opened while active, through Python's audit hooks (builtins.open, os.open, io.open)."""

    def __init__(self) -> None:
        self.active = False
        self.paths: list[str] = []

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if self.active and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            self.paths.append(os.fsdecode(args[0]))


_OPENS = _OpenRecorder()
sys.addaudithook(_OPENS)  # hooks cannot be removed; this one records only while a test turns it on


@pytest.mark.parametrize("how", ["template ../", "template symlink", "template absolute", "photo outside", "photo symlink"])
def test_no_file_outside_the_allowed_folders_is_ever_opened(tmp_path: Path, how: str) -> None:
    secret = make_outside_png(tmp_path)
    folder = tmp_path / "template"
    folder.mkdir()
    (folder / "escape.png").symlink_to(secret)
    href = {"template ../": "../private/secret.png", "template symlink": "escape.png", "template absolute": str(secret)}
    template = write_template(folder, f'<image href="{href.get(how, "#none")}" width="9" height="9"/>')
    photo = {"photo outside": secret, "photo symlink": folder / "escape.png"}.get(how)
    _OPENS.paths.clear()
    _OPENS.active = True
    try:
        with pytest.raises(SharecardsError):
            render_card(Card(title="x", background_image=photo), template=template, size="square", image_dirs=[folder])
    finally:
        _OPENS.active = False
    assert not [path for path in _OPENS.paths if "private" in path], _OPENS.paths
