"""Where the bundled templates and fonts are.

In a wheel they sit in ``sharecards/_data/``; in a source checkout (or an
editable install) they are the top-level ``templates/`` and ``fonts/`` folders.
"""

from __future__ import annotations

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
