"""Where the bundled templates and fonts are, and where caches between runs go.

In a wheel they sit in ``sharecards/_data/``; in a source checkout (or an
editable install) they are the top-level ``templates/`` and ``fonts/`` folders.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def find_data_dir(name: str) -> Path:
    """Return the folder of bundled data called ``name`` ("templates" or "fonts")."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sharecards is installed without its {name}/ folder")


def open_cache_dir(name: str) -> Path | None:
    """A writable folder ``name`` for what one run keeps for the next, or None.

    ``SHARECARDS_CACHE_DIR`` chooses the base (empty: no cache at all);
    otherwise ``$XDG_CACHE_HOME/sharecards`` or ``~/.cache/sharecards``. None
    when it cannot be created or written: every cache is only a speed-up.
    """
    configured = os.environ.get("SHARECARDS_CACHE_DIR")
    if configured == "":
        return None
    base = Path(configured) if configured else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sharecards"
    folder = base / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
