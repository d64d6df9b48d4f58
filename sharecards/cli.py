"""The ``sharecards`` command: a thin Typer layer over the library.

Every :class:`~sharecards.errors.SharecardsError` becomes one line on stderr
and exit status 2; nothing is written for a card that failed.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from ._version import __version__
from .card import Card, Theme
from .errors import SharecardsError
from .output import make_slug, write_atomic
from .render import DEFAULT_TEMPLATE, FILE_EXTENSIONS, OutputFormat, parse_format, render_card
from .sizes import MAX_SIDE_PX, PRESETS
from .template.catalog import list_templates

app = typer.Typer(
    help="Make share-card images (Pinterest pins, Open Graph, X, stories) from a title, category and pull-quote.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



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
        try:
            return parse_format(format)
        except SharecardsError as error:
            _fail(str(error))
    if output is not None and output.suffix:
        try:
            return parse_format(output.suffix[1:])
        except SharecardsError:
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
    lang: Annotated[
        Optional[str],
        typer.Option(help="Language tag (hyphenation, line breaks, CJK forms, quotation marks); default: detected."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail instead of warning when no bundled font has a character.")
    ] = False,
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
        result = render_card(card, template=template, size=size, format=fmt, scale=scale, strict=strict)
        path = output if output is not None else Path(make_slug(card.title) + FILE_EXTENSIONS[fmt])
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


def _listed(value: Optional[str], configured: Any, default: str) -> tuple[str, ...]:
    if value is not None:
        items = value.split(",")
    elif configured is not None:
        items = configured if isinstance(configured, list) else str(configured).split(",")
    else:
        items = default.split(",")
    return tuple(str(item).strip() for item in items if str(item).strip())


@app.command()
def batch(
    sources: Annotated[list[Path], typer.Argument(help="Markdown files or folders, CSV, JSON or JSONL files.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (holds manifest.json); default: cards.")] = None,
    sizes: Annotated[Optional[str], typer.Option(help="Comma-separated size presets or WxH; default: pinterest.")] = None,
    formats: Annotated[Optional[str], typer.Option(help="Comma-separated: png, jpeg, webp, svg; default: png.")] = None,
    template: Annotated[Optional[str], typer.Option(help="Template name or path (a post can override it).")] = None,
    scale: Annotated[Optional[float], typer.Option(help="Pixel density.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes; 0 = all cores.")] = None,
    drafts: Annotated[Optional[bool], typer.Option("--drafts/--no-drafts", help="Render posts marked draft: true.")] = None,
    field_map: Annotated[
        Optional[list[str]], typer.Option("--map", help="card_field=source_field, e.g. quote=tagline (repeatable).")
    ] = None,
    shard: Annotated[str, typer.Option(help="Render only shard K of N, e.g. 2/4.")] = "1/1",
    prune: Annotated[bool, typer.Option("--prune", help="Delete outputs of posts that are gone.")] = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first failed card.")] = False,
    html: Annotated[Optional[bool], typer.Option("--html/--no-html", help="Write SLUG.html: og/twitter meta tags and a Pin-it block.")] = None,
    base_url: Annotated[Optional[str], typer.Option(help="The site's address, for absolute URLs in --html.")] = None,
    images_path: Annotated[
        Optional[str], typer.Option(help="Where the images are served under --base-url; default: the --out name.")
    ] = None,
    config: Annotated[
        Optional[Path], typer.Option(help="Config file; default: ./sharecards.toml or [tool.sharecards] in ./pyproject.toml.")
    ] = None,
) -> None:
    """Render every post's cards; unchanged cards are not rendered again."""
    from .batch.config import load_config
    from .batch.posts import FieldMap
    from .batch.run import BatchOptions, parse_formats, run_batch

    try:
        settings = load_config(config)
        mapped = dict(settings.get("map", {}))
        mapped.update(FieldMap.parse(field_map or []).names)
        options = BatchOptions(
            out_dir=out or Path(settings.get("out", "cards")),
            sizes=_listed(sizes, settings.get("sizes"), "pinterest"),
            formats=parse_formats(",".join(_listed(formats, settings.get("formats"), "png"))),
            template=template or settings.get("template", DEFAULT_TEMPLATE),
            scale=scale if scale is not None else float(settings.get("scale", 1.0)),
            jobs=jobs if jobs is not None else int(settings.get("jobs", 0)),
            drafts=drafts if drafts is not None else bool(settings.get("drafts", False)),
            field_map=FieldMap(mapped),
            shard=_parse_shard(shard),
            prune=prune,
            fail_fast=fail_fast,
            html=html if html is not None else bool(settings.get("html", False)),
            base_url=base_url or settings.get("base_url"),
            images_path=images_path or settings.get("images_path"),
        )
        progress = _Progress()
        with progress:
            report = run_batch(list(sources), options, progress.update_cards)
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


class _Progress:
    """A rich progress bar on a terminal; nothing in CI or when piped."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None
        if sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.progress import Progress

            self.bar = Progress(transient=True, console=None)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def update_cards(self, done: int, total: int) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task("rendering cards", total=total)
        self.bar.update(self.task, completed=done)


@app.command()
def init(force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False) -> None:
    """Write a commented starter sharecards.toml in this folder."""
    from .batch.config import STARTER

    path = Path("sharecards.toml")
    if path.exists() and not force:
        _fail("init: sharecards.toml exists (use --force to overwrite)")
    try:
        write_atomic(path, STARTER.encode("utf-8"))
    except SharecardsError as error:
        _fail(str(error))
    typer.echo(str(path))


@app.command()
def merge(
    manifests: Annotated[list[Path], typer.Argument(help="The shards' manifest.json files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the merged manifest.")],
) -> None:
    """Join the manifests of several shards into one."""
    from .batch.cache import merge_manifests

    try:
        count = merge_manifests(manifests, output)
    except SharecardsError as error:
        _fail(str(error))
    typer.echo(f"{output}: {count} cards")


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
