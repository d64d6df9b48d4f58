"""The ``sharecards`` command: a thin Typer layer over the library.

Every :class:`~sharecards.errors.SharecardsError` becomes one line on stderr
and exit status 2; nothing is written for a card that failed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from ._version import __version__
from .card import Card, Theme
from .errors import SharecardsError
from .output import make_slug, write_atomic
from .render import DEFAULT_TEMPLATE, FORMATS, OutputFormat, render_card
from .sizes import MAX_SIDE_PX, PRESETS
from .template.catalog import list_templates

app = typer.Typer(
    help="Make share-card images (Pinterest pins, Open Graph, X, stories) from a title, category and pull-quote.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_SUFFIX_FORMATS: dict[str, OutputFormat] = {
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".webp": "webp",
    ".svg": "svg",
}
_EXTENSIONS: dict[str, str] = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "svg": ".svg"}


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"sharecards: error: {message}", err=True)
    raise typer.Exit(code)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"sharecards {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Make share-card images from an article's title, category and pull-quote."""


def choose_format(format: Optional[str], output: Optional[Path]) -> OutputFormat:
    """The format asked for, else the one the output's suffix names, else PNG."""
    if format is not None:
        name = format.lower().replace("jpg", "jpeg")
        if name not in FORMATS:
            _fail(f"format: unknown format {format!r} (use {', '.join(FORMATS)})")
        return name  # type: ignore[return-value]
    if output is not None:
        suffix = output.suffix.lower()
        if suffix in _SUFFIX_FORMATS:
            return _SUFFIX_FORMATS[suffix]
        if suffix:
            _fail(f"output: cannot tell the format from {output.name!r}; add --format")
    return "png"


@app.command()
def render(
    title: Annotated[str, typer.Option("--title", "-t", help="The article's title (required).")],
    category: Annotated[Optional[str], typer.Option(help="Category or section, shown as a label.")] = None,
    quote: Annotated[Optional[str], typer.Option(help="The key pull-quote.")] = None,
    template: Annotated[
        str, typer.Option(help="A built-in template name (see `sharecards templates`) or a path to .svg/.svg.j2.")
    ] = DEFAULT_TEMPLATE,
    size: Annotated[
        str, typer.Option(help=f"A preset ({', '.join(PRESETS)}) or WxH up to {MAX_SIDE_PX} a side.")
    ] = "pinterest",
    format: Annotated[
        Optional[str], typer.Option(help="png, jpeg, webp or svg; default: from --output's suffix, else png.")
    ] = None,
    scale: Annotated[float, typer.Option(help="Pixel density: 2 for retina.")] = 1.0,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Where to write; default: the title's slug.")
    ] = None,
    site_name: Annotated[Optional[str], typer.Option(help="Your site's name, for the footer.")] = None,
    author: Annotated[Optional[str], typer.Option(help="The author's name.")] = None,
    url: Annotated[Optional[str], typer.Option(help="The article's URL.")] = None,
    background_image: Annotated[
        Optional[Path], typer.Option(help="A PNG, JPEG or WebP photo for templates that show one.")
    ] = None,
    background: Annotated[Optional[str], typer.Option(help="Background colour: #rgb, #rrggbb or a name.")] = None,
    accent: Annotated[Optional[str], typer.Option(help="Accent colour.")] = None,
    text_color: Annotated[Optional[str], typer.Option(help="Text colour.")] = None,
    lang: Annotated[str, typer.Option(help="Language of the text (hyphenation, quotation marks).")] = "en",
) -> None:
    """Render one card and write it to a file."""
    fmt = choose_format(format, output)
    card = Card(
        title=title,
        category=category,
        quote=quote,
        site_name=site_name,
        author=author,
        url=url,
        background_image=background_image,
        theme=Theme(background=background, accent=accent, text=text_color),
        lang=lang,
    )
    try:
        result = render_card(card, template=template, size=size, format=fmt, scale=scale)
        path = output if output is not None else Path(make_slug(card.title) + _EXTENSIONS[fmt])
        write_atomic(path, result.data)
    except SharecardsError as error:
        _fail(str(error), error.exit_code)
    for warning in result.warnings:
        typer.echo(f"sharecards: warning: {warning}", err=True)
    typer.echo(str(path))


def _parse_shard(text: str) -> tuple[int, int]:
    number, sep, count = text.partition("/")
    if not (sep and number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
        _fail(f"shard: {text!r} is not K/N with 1 <= K <= N")
    return int(number), int(count)


@app.command()
def batch(
    sources: Annotated[list[Path], typer.Argument(help="Markdown files or folders, CSV, JSON or JSONL files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (holds manifest.json).")] = Path("cards"),
    sizes: Annotated[str, typer.Option(help="Comma-separated size presets or WxH.")] = "pinterest",
    formats: Annotated[str, typer.Option(help="Comma-separated formats: png, jpeg, webp, svg.")] = "png",
    template: Annotated[str, typer.Option(help="Template name or path (a post can override it).")] = DEFAULT_TEMPLATE,
    scale: Annotated[float, typer.Option(help="Pixel density.")] = 1.0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes; 0 = all cores.")] = 0,
    drafts: Annotated[bool, typer.Option("--drafts", help="Render posts marked draft: true.")] = False,
    field_map: Annotated[
        Optional[list[str]], typer.Option("--map", help="card_field=source_field, e.g. quote=tagline (repeatable).")
    ] = None,
    shard: Annotated[str, typer.Option(help="Render only shard K of N, e.g. 2/4.")] = "1/1",
    prune: Annotated[bool, typer.Option("--prune", help="Delete outputs of posts that are gone.")] = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first failed card.")] = False,
    html: Annotated[bool, typer.Option("--html", help="Write SLUG.html: og/twitter meta tags and a Pin-it block.")] = False,
    base_url: Annotated[Optional[str], typer.Option(help="The site's address, for absolute URLs in --html.")] = None,
    images_path: Annotated[
        Optional[str], typer.Option(help="Where the images are served under --base-url; default: the --out name.")
    ] = None,
) -> None:
    """Render every post's cards; unchanged cards are not rendered again."""
    from .batch.posts import FieldMap
    from .batch.run import BatchOptions, parse_formats, run_batch

    try:
        options = BatchOptions(
            out_dir=out,
            sizes=tuple(s.strip() for s in sizes.split(",") if s.strip()),
            formats=parse_formats(formats),
            template=template,
            scale=scale,
            jobs=jobs,
            drafts=drafts,
            field_map=FieldMap.parse(field_map or []),
            shard=_parse_shard(shard),
            prune=prune,
            fail_fast=fail_fast,
            html=html,
            base_url=base_url,
            images_path=images_path,
        )
        report = run_batch(list(sources), options)
    except (SharecardsError, ValueError) as error:
        _fail(str(error))
    except KeyboardInterrupt:
        typer.echo("sharecards: interrupted; finished cards are kept, rerun to continue", err=True)
        raise typer.Exit(130) from None
    for problem in report.failed:
        where = f"{problem.source}: {problem.field}: " if problem.field else f"{problem.source}: "
        typer.echo(f"sharecards: error: {where}{problem.reason}", err=True)
    for path in report.stale:
        typer.echo(f"sharecards: stale: {path}" + (" (removed)" if path in report.pruned else ""), err=True)
    typer.echo(report.summary)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def templates(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False) -> None:
    """List the built-in templates."""
    found = list_templates()
    if as_json:
        typer.echo(json.dumps([{"name": t.name, "description": t.description, "path": str(t.path)} for t in found]))
        return
    width = max(len(t.name) for t in found)
    for info in found:
        typer.echo(f"{info.name:<{width}}  {info.description}")


@app.command()
def sizes(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False) -> None:
    """List the size presets."""
    if as_json:
        typer.echo(json.dumps([asdict(size) for size in PRESETS.values()]))
        return
    for size in PRESETS.values():
        typer.echo(f"{size.name:<10} {size.width_px:>5}x{size.height_px:<5} {size.description}")
    typer.echo(f"or any WxH up to {MAX_SIDE_PX}x{MAX_SIDE_PX}")


def main() -> None:
    """Entry point of the ``sharecards`` script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
