"""Running a batch: plan every card, skip the unchanged ones, render the rest in parallel.

Workers are processes (one per core by default). Each loads fonts and
templates once and keeps them for every card it renders. Every output is
written atomically, and the manifest is rewritten atomically as cards finish,
so an interrupted run leaves only whole files and a valid manifest, and the
next run picks up where it stopped.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..card import Card
from ..errors import SharecardsError
from ..output import write_atomic
from ..render import FILE_EXTENSIONS, OutputFormat, parse_format, render_card
from ..sizes import parse_size
from ..template.catalog import find_template
from ..raster.encode import PngCompression
from .cache import load_manifest, make_card_key, save_manifest
from .posts import FieldMap, PostCard, make_post_card
from .sources import SourceProblem, scan_sources

_MANIFEST_EVERY = 25


@dataclass(frozen=True)
class BatchOptions:
    out_dir: Path
    sizes: tuple[str, ...] = ("pinterest",)
    formats: tuple[OutputFormat, ...] = ("png",)
    template: str = "classic"
    scale: float = 1.0
    jobs: int = 0
    drafts: bool = False
    field_map: FieldMap = field(default_factory=FieldMap)
    shard: tuple[int, int] = (1, 1)
    prune: bool = False
    fail_fast: bool = False
    html: bool = False
    base_url: str | None = None
    images_path: str | None = None
    png_compression: PngCompression = "fast"
    image_dirs: tuple[Path, ...] = (Path("."),)  # where front matter may point a background image

    @property
    def settings(self) -> RenderSettings:
        return RenderSettings(self.scale, self.png_compression, self.image_dirs)


@dataclass(frozen=True)
class RenderSettings:
    """What every card of a batch is rendered with (sent to each worker with each card)."""

    scale: float
    png_compression: PngCompression
    image_dirs: tuple[Path, ...]


@dataclass(frozen=True)
class CardJob:
    """One image to make."""

    source: str
    slug: str
    size: str
    format: OutputFormat
    template: str
    card: Card
    key: str
    path: str


@dataclass
class BatchReport:
    rendered: int = 0
    unchanged: int = 0
    failed: list[SourceProblem] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False

    @property
    def summary(self) -> str:
        parts = [f"{self.rendered} rendered", f"{self.unchanged} unchanged", f"{len(self.failed)} failed"]
        if self.stale:
            parts.append(f"{len(self.stale)} stale ({'removed' if self.pruned else 'use --prune to remove'})")
        return ", ".join(parts)


def choose_shard(job_id: str, shard: tuple[int, int]) -> bool:
    """Whether ``job_id`` belongs to shard K of N: a stable hash, the same on every machine."""
    number, count = shard
    return zlib.crc32(job_id.encode("utf-8")) % count == number - 1


def plan_jobs(posts: Iterable[PostCard], options: BatchOptions) -> tuple[list[CardJob], list[SourceProblem]]:
    """Every (post, size, format) with a unique output path and its cache key."""
    jobs: list[CardJob] = []
    problems: list[SourceProblem] = []
    taken: set[str] = set()
    for post in posts:
        slug = _unique_slug(post.slug, taken)
        try:
            info = find_template(post.template or options.template)
            for size in post.sizes or options.sizes:
                parse_size(size)
                for fmt in options.formats:
                    path = f"{slug}-{size}{FILE_EXTENSIONS[fmt]}"
                    if not choose_shard(path, options.shard):
                        continue
                    key = make_card_key(post.card, info.path, size, fmt, options.settings)
                    jobs.append(CardJob(post.source, slug, size, fmt, str(info.path), post.card, key, path))
        except (SharecardsError, OSError) as error:
            problems.append(SourceProblem(post.source, str(error)))
    return jobs, problems


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def make_alt_text(card: Card) -> str:
    """A description of the card for screen readers and Pinterest, from its fields."""
    parts = [card.title.strip()]
    if card.category:
        parts[0] = f"{card.category.strip()}: {parts[0]}"
    if card.quote:
        parts.append(f"\u201c{card.quote.strip()}\u201d")
    if card.site_name:
        parts.append(card.site_name.strip())
    text = " \u2014 ".join(parts)
    return text if len(text) <= 500 else text[:499].rstrip() + "\u2026"


class CardTimeout(SharecardsError):
    """A card took longer than ``CARD_TIME_LIMIT_S``."""


CARD_TIME_LIMIT_S = 20.0  # a pin takes ~0.05 s; anything near this is pathological
WORKER_MEMORY_LIMIT_BYTES = 2 * 1024**3  # address space: fonts are memory-mapped, so generous


def _raise_timeout(signum: int, frame: object) -> None:
    raise CardTimeout(f"took over {CARD_TIME_LIMIT_S:g} s; stopped")


def render_job(job: CardJob, out_dir: str, settings: RenderSettings) -> dict[str, Any]:
    """Render and write one card (runs in a worker); return its manifest entry.

    The card runs under a time limit (SIGALRM) and, in a worker, the
    worker's memory limit: a pathological card becomes that card's error.
    """
    # Signal handlers can only be set from the main thread (workers always
    # are; a single-process run inside a thread goes without the limit).
    timed = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _raise_timeout) if timed else None
    if timed:
        signal.setitimer(signal.ITIMER_REAL, CARD_TIME_LIMIT_S)
    try:
        result = render_card(
            job.card,
            template=Path(job.template),
            size=job.size,
            format=job.format,
            scale=settings.scale,
            png_compression=settings.png_compression,
            image_dirs=settings.image_dirs,
        )
    except MemoryError:
        raise SharecardsError("ran out of its memory limit; stopped") from None
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    write_atomic(Path(out_dir) / job.path, result.data)
    return {
        "source": job.source,
        "slug": job.slug,
        "size": job.size,
        "format": job.format,
        "path": job.path,
        "width": result.width_px,
        "height": result.height_px,
        "bytes": len(result.data),
        "sha256": hashlib.sha256(result.data).hexdigest(),
        "key": job.key,
        "alt": make_alt_text(job.card),
        "warnings": result.warnings,
    }


def _is_current(job: CardJob, entry: dict[str, Any] | None, out_dir: Path) -> bool:
    if entry is None or entry.get("key") != job.key:
        return False
    try:
        return (out_dir / job.path).stat().st_size == entry.get("bytes")
    except OSError:
        return False


def _warm_worker() -> None:
    """Load what every card needs once per worker, before its first card."""
    # Ctrl-C reaches the whole process group: the main process decides, and
    # lets the cards in progress finish writing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _limit_worker_memory()
    from ..raster import draw  # noqa: F401 - imports cairo once
    from ..text.fonts import bundled_fonts

    fonts = bundled_fonts()
    fallback_families = set(fonts.fallback.families)
    for face in fonts.faces:  # fallbacks stay lazy: most sites never need the CJK or emoji files
        if not face.family.startswith(tuple(fallback_families)):
            fonts.load_face(face)


def _limit_worker_memory() -> None:
    """Cap the worker's address space: a runaway card fails with MemoryError, not the machine."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = WORKER_MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard, WORKER_MEMORY_LIMIT_BYTES)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def run_batch(
    sources: list[Path],
    options: BatchOptions,
    on_progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Render every card of ``sources`` into ``options.out_dir``."""
    out_dir = options.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    with lock_output_folder(out_dir):
        return _run_locked(sources, options, out_dir, on_progress)


@contextmanager
def lock_output_folder(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir/.sharecards.lock`` for the whole batch, or refuse at once.

    Two batches writing one folder would race on the manifest (and each
    would delete the other's temporary files at start). ``flock`` is released
    by the kernel when the process ends, however it ends, so a ``kill -9``
    never leaves a stale lock.
    """
    import fcntl

    try:
        handle = open(out_dir / ".sharecards.lock", "a+b")  # noqa: SIM115 - held for the whole run
    except OSError as error:
        raise SharecardsError(f"out: cannot write to {out_dir} ({error.strerror})") from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SharecardsError(
                f"out: another sharecards batch is writing to {out_dir}; wait for it or use another --out"
            ) from None
        yield


def _run_locked(
    sources: list[Path], options: BatchOptions, out_dir: Path, on_progress: Callable[[int, int], None] | None
) -> BatchReport:
    _remove_partial_files(out_dir)
    scan = scan_sources(sources)
    report = BatchReport(failed=list(scan.problems))
    posts: list[PostCard] = []
    for post in scan.posts:
        made = make_post_card(post, options.field_map, options.drafts, options.image_dirs)
        if isinstance(made, SourceProblem):
            report.failed.append(made)
        elif made is not None:
            posts.append(made)
    jobs, problems = plan_jobs(posts, options)
    report.failed.extend(problems)
    previous = load_manifest(out_dir)
    todo = [job for job in jobs if not _is_current(job, previous.get(job.path), out_dir)]
    todo_paths = {job.path for job in todo}
    done = {job.path: previous[job.path] for job in jobs if job.path not in todo_paths}
    report.unchanged = len(done)
    planned = {job.path for job in jobs}
    report.stale = sorted(path for path in previous if path not in planned and choose_shard(path, options.shard))
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous_term = signal.signal(signal.SIGTERM, _raise_interrupt) if in_main_thread else None
    try:
        _render_all(todo, options, report, done, on_progress)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous_term)
        # Keep entries of stale outputs unless they are pruned, so nothing is forgotten.
        kept = {path: previous[path] for path in report.stale}
        if options.prune and not report.interrupted:
            for path in report.stale:
                (out_dir / path).unlink(missing_ok=True)
                report.pruned.append(path)
            kept = {}
        report.entries = list({**kept, **done}.values())
        shares = _write_snippets(jobs, done, options) if options.html and not report.interrupted else None
        save_manifest(out_dir, report.entries, {"posts": shares} if shares is not None else None)
    if report.interrupted:
        raise KeyboardInterrupt
    return report


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _render_all(
    todo: list[CardJob],
    options: BatchOptions,
    report: BatchReport,
    done: dict[str, dict[str, Any]],
    on_progress: Callable[[int, int], None] | None,
) -> None:
    jobs = options.jobs or os.cpu_count() or 1
    if not todo:
        return
    out = str(options.out_dir)
    finished = 0

    def record(job: CardJob, entry: dict[str, Any] | None, error: Exception | None) -> None:
        nonlocal finished
        finished += 1
        if entry is not None:
            done[job.path] = entry
            report.rendered += 1
        else:
            report.failed.append(SourceProblem(job.source, f"{job.size}/{job.format}: {error}"))
        if finished % _MANIFEST_EVERY == 0:
            save_manifest(options.out_dir, list(done.values()))
        if on_progress:
            on_progress(finished, len(todo))
        if error is not None and options.fail_fast:
            raise _FailFast

    try:
        if jobs == 1 or len(todo) == 1:
            for job in todo:
                try:
                    record(job, render_job(job, out, options.settings), None)
                except SharecardsError as error:
                    record(job, None, error)
        else:
            _render_in_pool(todo, jobs, out, options.settings, record)
    except _FailFast:
        return


class _FailFast(Exception):
    pass


def _render_in_pool(
    todo: list[CardJob],
    jobs: int,
    out: str,
    settings: RenderSettings,
    record: Callable[[CardJob, Any, Exception | None], None],
) -> None:
    context = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_worker) as pool:
        pending: dict[Future[dict[str, Any]], CardJob] = {}
        queue = iter(todo)
        try:
            for job in queue:
                pending[pool.submit(render_job, job, out, settings)] = job
                if len(pending) >= jobs * 4:
                    _collect(pending, record)
            while pending:
                _collect(pending, record)
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _collect(
    pending: dict[Future[dict[str, Any]], CardJob],
    record: Callable[[CardJob, Any, Exception | None], None],
) -> None:
    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in finished:
        job = pending.pop(future)
        try:
            record(job, future.result(), None)
        except SharecardsError as error:
            record(job, None, error)


def _write_snippets(
    jobs: list[CardJob], done: dict[str, dict[str, Any]], options: BatchOptions
) -> dict[str, dict[str, Any]]:
    """Write ``SLUG.html`` for every post; return the same data for the manifest."""
    from .html import format_snippet, join_url, make_share_data

    if not options.base_url:
        raise SharecardsError("base-url: --html needs --base-url (the site's address)")
    images_url = join_url(options.base_url, (options.images_path or options.out_dir.name).strip("/") + "/")
    cards: dict[str, Card] = {}
    entries: dict[str, list[dict[str, Any]]] = {}
    for job in jobs:
        cards[job.slug] = job.card
        if job.path in done:
            entries.setdefault(job.slug, []).append(done[job.path])
    shares: dict[str, dict[str, Any]] = {}
    for slug, card_entries in sorted(entries.items()):
        shares[slug] = make_share_data(cards[slug], card_entries, options.base_url, images_url)
        write_atomic(options.out_dir / f"{slug}.html", format_snippet(shares[slug]).encode("utf-8"))
    return shares


def _remove_partial_files(out_dir: Path) -> None:
    """Temporary files left by a run that was killed (atomic writes never leave others)."""
    for path in out_dir.glob(".*.part"):
        path.unlink(missing_ok=True)


def parse_formats(text: str) -> tuple[OutputFormat, ...]:
    """Comma-separated format names, each checked."""
    return tuple(parse_format(part) for part in text.split(",") if part.strip())
