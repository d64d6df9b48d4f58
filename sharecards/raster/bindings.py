"""cairocffi's C declarations parsed once and kept, for a fast cold start.

Importing cairocffi parses cairo's 1,000-line C header with pycparser every
time (70 ms, plus 20 ms to import pycparser), and asks ctypes'
``find_library`` for cairo, which starts ``ldconfig`` and ``gcc``
subprocesses (20-40 ms). That was half of a cold ``sharecards render``.

cffi's own answer is its out-of-line ABI mode: parse the declarations once,
then build the FFI object from the parsed tables, which takes about a
millisecond and also parses C type names in C rather than with pycparser.
cairocffi 1.7 no longer ships such a module, so the CLI exports the tables
of cairocffi's own parsed declarations on its first run, keeps them in the cache folder,
and on later runs registers it as ``cairocffi.ffi`` before cairocffi is
imported. It keeps ``find_library``'s answers with it.

Only the CLI does this (library users import cairocffi untouched). The
registered module lacks the XCB and GDK-pixbuf declarations, which CairoSVG
never uses. Any mismatch (another cairocffi or cffi, a corrupt or unreadable
cache) falls back to the plain import, and the cache is written again.
"""

from __future__ import annotations

import ast
import io
import importlib.util
import marshal
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..output import write_atomic
from ..resources import open_cache_dir

_CACHE_FILE = "cairo-ffi.marshal"
_MODULE_NAME = "_sharecards_cairo_ffi"
FindLibrary = Callable[[str], "str | None"]


def import_cairocffi() -> bool:
    """Import cairocffi from the kept declarations; True if they were used.

    Does nothing (and returns False) once cairocffi is imported already.
    """
    if "cairocffi" in sys.modules:
        return False
    folder = open_cache_dir("bindings")
    key = _find_cache_key()
    saved = _read_saved(folder, key) if folder is not None and key is not None else None
    if saved is not None and _import_with(saved):
        return True
    libraries: dict[str, str | None] = {}
    with _serving_find_library(libraries, record=True):
        import cairocffi  # noqa: F401  (the plain, slow import)
    if folder is not None and key is not None:
        _save(folder, key, libraries)
    return False


def _find_cache_key() -> tuple[Any, ...] | None:
    """What the kept tables depend on: cairocffi's declaration files, cffi, Python."""
    spec = importlib.util.find_spec("cairocffi")
    if spec is None or spec.origin is None:
        return None
    import _cffi_backend

    package = Path(spec.origin).parent
    try:
        stats = [(name, (package / name).stat()) for name in ("constants.py", "ffi.py")]
    except OSError:
        return None
    files = tuple((name, info.st_size, info.st_mtime_ns) for name, info in stats)
    return (files, _cffi_backend.__version__, sys.version, marshal.version)


def _read_saved(folder: Path, key: tuple[Any, ...]) -> dict[str, Any] | None:
    try:
        saved = marshal.loads((folder / _CACHE_FILE).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(saved, dict) or saved.get("key") != key:
        return None
    if not isinstance(saved.get("ffi"), dict) or not isinstance(saved.get("libraries"), dict):
        return None
    return saved


def _import_with(saved: dict[str, Any]) -> bool:
    """Import cairocffi with the kept FFI registered; on any failure leave no trace."""
    import _cffi_backend

    try:
        ffi = _cffi_backend.FFI(_MODULE_NAME, **saved["ffi"])
    except (TypeError, ValueError, _cffi_backend.FFI.error):
        return False
    shim = types.ModuleType("cairocffi.ffi", "cairocffi's declarations, pre-parsed by sharecards")
    shim.ffi = ffi  # type: ignore[attr-defined]
    sys.modules["cairocffi.ffi"] = shim
    try:
        with _serving_find_library(saved["libraries"], record=False):
            import cairocffi  # noqa: F401
    except (ImportError, OSError, AttributeError, TypeError, _cffi_backend.FFI.error):
        for name in [name for name in sys.modules if name == "cairocffi" or name.startswith("cairocffi.")]:
            del sys.modules[name]
        return False
    return True


@contextmanager
def _serving_find_library(libraries: dict[str, str | None], record: bool) -> Iterator[None]:
    """ctypes' find_library answered from ``libraries`` (or recorded into it) while cairocffi imports."""
    import ctypes.util

    real: FindLibrary = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if record or name not in libraries:
            libraries[name] = real(name)
        return libraries[name]

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = real
        module = sys.modules.get("cairocffi")
        if module is not None:
            module.find_library = real  # type: ignore[attr-defined]


def _save(folder: Path, key: tuple[Any, ...], libraries: dict[str, str | None]) -> None:
    """Keep the tables of the declarations cairocffi has just parsed, as cffi's out-of-line mode writes them."""
    try:
        tables = _export_declarations()
    except (ImportError, AttributeError, SyntaxError, ValueError):
        return  # the plain import keeps working; only the speed-up is lost
    with suppress(OutputError):
        write_atomic(folder / _CACHE_FILE, marshal.dumps({"key": key, "ffi": tables, "libraries": libraries}))


def _export_declarations() -> dict[str, Any]:
    """The keyword arguments cffi's generated Python module passes to ``_cffi_backend.FFI``.

    Made from cairocffi's own, already parsed FFI (no second parse). cffi
    writes them as Python source; they are literals, read back with
    ``ast.literal_eval`` rather than executed (XCB declarations, when
    present, are not literals: then nothing is kept).
    """
    from cairocffi.ffi import ffi
    from cffi.recompiler import make_py_source

    source = io.StringIO()
    make_py_source(ffi, _MODULE_NAME, source)
    for node in ast.parse(source.getvalue()).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            return {keyword.arg: ast.literal_eval(keyword.value) for keyword in node.value.keywords if keyword.arg}
    raise ValueError("cffi wrote no FFI(...) call")
