"""The ``sharecards`` command: a thin argparse layer over the library.

Every :class:`~sharecards.errors.SharecardsError` becomes one line on stderr
and exit status 2 (so does a usage error); nothing is written for a card
that failed. argparse, from the standard library, rather than a CLI
framework: a cold ``sharecards render`` must start in little more time than
importing CairoSVG takes, and Typer alone cost 80 ms of it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

from ._version import __version__
from .card import Card, Theme
from .errors import SharecardsError
from .output import make_slug, write_atomic
from .raster.bindings import import_cairocffi
from .render import DEFAULT_TEMPLATE, FILE_EXTENSIONS, PNG_COMPRESSIONS, OutputFormat, parse_format, render_card
from .sizes import MAX_SIDE_PX, PRESETS
from .template.catalog import list_templates


def _fail(message: str, code: int = 2) -> NoReturn:
    print(f"sharecards: error: {message}", file=sys.stderr)
    raise SystemExit(code)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, exit status 2."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{self.prog.removeprefix('sharecards').strip() or 'usage'}: {message}")


def choose_format(format: str | None, output: Path | None) -> OutputFormat:
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


def run_render(args: argparse.Namespace) -> None:
    """Render one card and write it to a file."""
    fmt = choose_format(args.format, args.output)
    if fmt != "svg":
        import_cairocffi()  # before anything imports cairo: see raster/bindings.py
    card = Card(
        title=args.title,
        category=args.category,
        quote=args.quote,
        site_name=args.site_name,
        author=args.author,
        url=args.url,
        background_image=args.background_image,
        theme=Theme(background=args.background, accent=args.accent, text=args.text_color),
        lang=args.lang,
    )
    try:
        result = render_card(
            card,
            template=args.template,
            size=args.size,
            format=fmt,
            scale=args.scale,
            strict=args.strict,
            png_compression=args.png_compression,
            image_dirs=args.image_dirs,
        )
        path = args.output if args.output is not None else Path(make_slug(card.title) + FILE_EXTENSIONS[fmt])
        write_atomic(path, result.data)
    except SharecardsError as error:
        _fail(str(error), error.exit_code)
    for warning in result.warnings:
        print(f"sharecards: warning: {warning}", file=sys.stderr)
    print(path)


def _parse_shard(text: str) -> tuple[int, int]:
    number, sep, count = text.partition("/")
    if not (sep and number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
        _fail(f"shard: {text!r} is not K/N with 1 <= K <= N")
    return int(number), int(count)


def _listed(value: str | None, configured: Any, default: str) -> tuple[str, ...]:
    if value is not None:
        items = value.split(",")
    elif configured is not None:
        items = configured if isinstance(configured, list) else str(configured).split(",")
    else:
        items = default.split(",")
    return tuple(str(item).strip() for item in items if str(item).strip())


def run_batch_command(args: argparse.Namespace) -> None:
    """Render every post's cards; unchanged cards are not rendered again."""
    from .batch.config import load_config
    from .batch.posts import FieldMap
    from .batch.run import BatchOptions, parse_formats, run_batch

    try:
        settings = load_config(args.config)
        mapped = dict(settings.get("map", {}))
        mapped.update(FieldMap.parse(args.field_map or []).names)
        compression = args.png_compression or settings.get("png_compression", "fast")
        if compression not in PNG_COMPRESSIONS:
            raise SharecardsError(f"png compression: unknown setting {compression!r} (use fast or small)")
        options = BatchOptions(
            out_dir=args.out or Path(settings.get("out", "cards")),
            sizes=_listed(args.sizes, settings.get("sizes"), "pinterest"),
            formats=parse_formats(",".join(_listed(args.formats, settings.get("formats"), "png"))),
            template=args.template or settings.get("template", DEFAULT_TEMPLATE),
            scale=args.scale if args.scale is not None else float(settings.get("scale", 1.0)),
            jobs=args.jobs if args.jobs is not None else int(settings.get("jobs", 0)),
            drafts=args.drafts if args.drafts is not None else bool(settings.get("drafts", False)),
            field_map=FieldMap(mapped),
            shard=_parse_shard(args.shard),
            prune=args.prune,
            fail_fast=args.fail_fast,
            html=args.html if args.html is not None else bool(settings.get("html", False)),
            base_url=args.base_url or settings.get("base_url"),
            images_path=args.images_path or settings.get("images_path"),
            png_compression=compression,
            image_dirs=tuple(args.image_dirs or (Path(d) for d in _listed(None, settings.get("image_dirs"), "."))),
        )
        if set(options.formats) != {"svg"}:
            import_cairocffi()
        progress = _Progress()
        with progress:
            report = run_batch(list(args.sources), options, progress.update_cards)
    except (SharecardsError, ValueError) as error:
        _fail(str(error))
    except KeyboardInterrupt:
        print("sharecards: interrupted; finished cards are kept, rerun to continue", file=sys.stderr)
        raise SystemExit(130) from None
    for problem in report.failed:
        where = f"{problem.source}: {problem.field}: " if problem.field else f"{problem.source}: "
        print(f"sharecards: error: {where}{problem.reason}", file=sys.stderr)
    for path in report.stale:
        print(f"sharecards: stale: {path}" + (" (removed)" if path in report.pruned else ""), file=sys.stderr)
    print(report.summary)
    if report.failed:
        raise SystemExit(1)


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


def run_init(args: argparse.Namespace) -> None:
    """Write a commented starter sharecards.toml in this folder."""
    from .batch.config import STARTER

    path = Path("sharecards.toml")
    if path.exists() and not args.force:
        _fail("init: sharecards.toml exists (use --force to overwrite)")
    try:
        write_atomic(path, STARTER.encode("utf-8"))
    except SharecardsError as error:
        _fail(str(error))
    print(path)


def run_merge(args: argparse.Namespace) -> None:
    """Join the manifests of several shards into one."""
    from .batch.cache import merge_manifests

    try:
        count = merge_manifests(args.manifests, args.output)
    except SharecardsError as error:
        _fail(str(error))
    print(f"{args.output}: {count} cards")


def run_templates(args: argparse.Namespace) -> None:
    """List the built-in templates."""
    found = list_templates()
    if args.as_json:
        print(json.dumps([{"name": t.name, "description": t.description, "path": str(t.path)} for t in found]))
        return
    width = max(len(t.name) for t in found)
    for info in found:
        print(f"{info.name:<{width}}  {info.description}")


def run_sizes(args: argparse.Namespace) -> None:
    """List the size presets."""
    if args.as_json:
        print(json.dumps([asdict(size) for size in PRESETS.values()]))
        return
    for size in PRESETS.values():
        print(f"{size.name:<10} {size.width_px:>5}x{size.height_px:<5} {size.description}")
    print(f"or any WxH up to {MAX_SIDE_PX}x{MAX_SIDE_PX}")


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``render``, ``batch``, ``init``, ``merge``, ``templates``, ``sizes``."""
    parser = _Parser(
        prog="sharecards",
        description="Make share-card images (Pinterest pins, Open Graph, X, stories) from a title, category and pull-quote.",
    )
    parser.add_argument("--version", action="version", version=f"sharecards {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    _add_render(commands.add_parser("render", help=run_render.__doc__, description=run_render.__doc__))
    _add_batch(commands.add_parser("batch", help=run_batch_command.__doc__, description=run_batch_command.__doc__))
    init = commands.add_parser("init", help=run_init.__doc__, description=run_init.__doc__)
    init.add_argument("--force", action="store_true", help="Overwrite an existing file.")
    init.set_defaults(run=run_init)
    merge = commands.add_parser("merge", help=run_merge.__doc__, description=run_merge.__doc__)
    merge.add_argument("manifests", nargs="+", type=Path, help="The shards' manifest.json files.")
    merge.add_argument("--output", "-o", type=Path, required=True, help="Where to write the merged manifest.")
    merge.set_defaults(run=run_merge)
    for name, run in (("templates", run_templates), ("sizes", run_sizes)):
        listing = commands.add_parser(name, help=run.__doc__, description=run.__doc__)
        listing.add_argument("--json", dest="as_json", action="store_true", help="Print a JSON array.")
        listing.set_defaults(run=run)
    return parser


def _add_render(command: argparse.ArgumentParser) -> None:
    add = command.add_argument
    add("--title", "-t", required=True, help="The article's title (required).")
    add("--category", help="Category or section, shown as a label.")
    add("--quote", help="The key pull-quote.")
    add("--template", default=DEFAULT_TEMPLATE, help="A built-in template name (see `sharecards templates`) or a path to .svg/.svg.j2.")
    add("--size", default="pinterest", help=f"A preset ({', '.join(PRESETS)}) or WxH up to {MAX_SIDE_PX} a side.")
    add("--format", help="png, jpeg, webp or svg; default: from --output's suffix, else png.")
    add("--scale", type=float, default=1.0, help="Pixel density: 2 for retina.")
    add("--output", "-o", type=Path, help="Where to write; default: the title's slug.")
    add("--site-name", help="Your site's name, for the footer.")
    add("--author", help="The author's name.")
    add("--url", help="The article's URL.")
    add("--background-image", type=Path, help="A PNG, JPEG or WebP photo for templates that show one.")
    add_image_dirs(add)
    add("--background", help="Background colour: #rgb, #rrggbb or a name.")
    add("--accent", help="Accent colour.")
    add("--text-color", help="Text colour.")
    add("--lang", help="Language tag (hyphenation, line breaks, CJK forms, quotation marks); default: detected.")
    add("--strict", action="store_true", help="Fail instead of warning when no bundled font has a character.")
    add("--png-compression", choices=PNG_COMPRESSIONS, default="fast", help="fast (default) or small (slower, smaller files).")
    command.set_defaults(run=run_render)


def _add_batch(command: argparse.ArgumentParser) -> None:
    add = command.add_argument
    add("sources", nargs="+", type=Path, help="Markdown files or folders, CSV, JSON or JSONL files.")
    add("--out", "-o", type=Path, help="Output folder (holds manifest.json); default: cards.")
    add("--sizes", help="Comma-separated size presets or WxH; default: pinterest.")
    add("--formats", help="Comma-separated: png, jpeg, webp, svg; default: png.")
    add("--template", help="Template name or path (a post can override it).")
    add("--scale", type=float, help="Pixel density.")
    add("--jobs", "-j", type=int, help="Worker processes; 0 = all cores.")
    add("--drafts", action=argparse.BooleanOptionalAction, help="Render posts marked draft: true.")
    add("--map", dest="field_map", action="append", help="card_field=source_field, e.g. quote=tagline (repeatable).")
    add("--shard", default="1/1", help="Render only shard K of N, e.g. 2/4.")
    add("--prune", action="store_true", help="Delete outputs of posts that are gone.")
    add("--fail-fast", action="store_true", help="Stop at the first failed card.")
    add("--html", action=argparse.BooleanOptionalAction, help="Write SLUG.html: og/twitter meta tags and a Pin-it block.")
    add("--base-url", help="The site's address, for absolute URLs in --html.")
    add("--images-path", help="Where the images are served under --base-url; default: the --out name.")
    add("--png-compression", choices=PNG_COMPRESSIONS, help="fast (default) or small.")
    add_image_dirs(add)
    add("--config", type=Path, help="Config file; default: ./sharecards.toml or [tool.sharecards] in ./pyproject.toml.")
    command.set_defaults(run=run_batch_command)


def add_image_dirs(add: Any) -> None:
    add(
        "--image-dir",
        dest="image_dirs",
        type=Path,
        action="append",
        help="A folder background images may be read from (repeatable); default: the current folder.",
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sharecards`` script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        raise SystemExit(2)
    try:
        args.run(args)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
