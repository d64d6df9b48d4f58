"""The benchmark scripts still run (they use the pipeline's stages directly, so a refactor can break them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def test_render_benchmark_runs_and_prints_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "render.py"), "--runs", "1", "--only", "warm,sizes,formats,scale"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for figure in ("1. warm pin PNG", "2. PNG size classic", "3. webp", "5. 300-char title"):
        assert figure in done.stdout
