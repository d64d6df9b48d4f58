"""Batch benchmark: a synthetic site of N posts in 2 sizes, cold (1 worker vs all), then cached.

    python benchmarks/batch.py [--posts 500]

Prints cards per second for one worker and for all cores side by side (their
ratio is the parallel speed-up), the time of a second, fully cached run, and
the peak resident memory of the workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = "bladder pain relief diet quercetin marshmallow aloe therapy pelvic floor naltrexone study evidence".split()


def make_site(folder: Path, posts: int) -> None:
    folder.mkdir(parents=True)
    for number in range(posts):
        words = " ".join(WORDS[(number + k) % len(WORDS)] for k in range(3 + number % 9))
        (folder / f"post-{number:04}.md").write_text(
            f"---\ntitle: {words.title()} ({number})\ncategories: [{WORDS[number % len(WORDS)].title()}]\n"
            f"description: Notes on {words} from post {number}, with what the studies say so far.\n---\nBody.\n"
        )


def run(site: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sharecards", "batch", str(site), "--out", str(out), "--sizes", "pinterest,og", "-j", str(jobs)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=500)
    args = parser.parse_args()
    cards = args.posts * 2
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        make_site(site, args.posts)
        single = run(site, Path(tmp) / "one", 1)
        parallel = run(site, Path(tmp) / "all", cores)
        cached = run(site, Path(tmp) / "all", cores)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"posts: {args.posts}, cards: {cards}, cores: {cores}")
    print(f"cold, 1 worker:      {cards / single:6.1f} cards/s ({single:.1f} s)")
    print(f"cold, {cores} workers:     {cards / parallel:6.1f} cards/s ({parallel:.1f} s)  speed-up {single / parallel:.2f}x")
    print(f"cached rerun:        {cached:.2f} s")
    print(f"peak RSS of any process run (worker or main): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
