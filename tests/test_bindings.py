"""The CLI's pre-parsed cairo declarations (sharecards/raster/bindings.py).

Each case runs in a fresh interpreter: the point is how cairocffi gets
imported, and this test process imported it long ago.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Prints whether the kept declarations were used, what kind of FFI cairocffi
# ended up with, then renders a card through the CLI to the path given.
SCRIPT = """
import sys
from sharecards.raster.bindings import import_cairocffi
used = import_cairocffi()
import cairocffi
print(used, type(cairocffi.ffi).__module__)
from sharecards.cli import main
main(["render", "--title", "Pin it for later: a kerned title, drawn", "--category", "Design",
      "--quote", "What is measured is what is drawn.", "-o", sys.argv[1]])
"""


def run_cli(cache: Path | None, output: Path) -> str:
    env = dict(os.environ, SHARECARDS_CACHE_DIR=str(cache) if cache is not None else "")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(output)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.splitlines()[0]


@pytest.fixture(scope="module")
def plain_png(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    output = tmp_path_factory.mktemp("plain") / "pin.png"
    assert run_cli(None, output) == "False cffi.api"
    return output.read_bytes()


def test_second_run_uses_kept_declarations_and_draws_the_same_bytes(tmp_path: Path, plain_png: bytes) -> None:
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    assert run_cli(tmp_path / "cache", first) == "False cffi.api"
    assert (tmp_path / "cache" / "bindings" / "cairo-ffi.marshal").is_file()
    # The FFI built from kept tables is cffi's compiled kind, not a pycparser one.
    assert run_cli(tmp_path / "cache", second) == "True _cffi_backend"
    assert first.read_bytes() == plain_png
    assert second.read_bytes() == plain_png


@pytest.mark.parametrize(
    "kept",
    [b"not marshal data", marshal.dumps({"key": ("another cairocffi",), "ffi": {}, "libraries": {}}), marshal.dumps([1, 2])],
    ids=["corrupt", "stale-key", "wrong-shape"],
)
def test_bad_kept_declarations_fall_back_and_are_written_again(tmp_path: Path, plain_png: bytes, kept: bytes) -> None:
    folder = tmp_path / "cache" / "bindings"
    folder.mkdir(parents=True)
    (folder / "cairo-ffi.marshal").write_bytes(kept)
    assert run_cli(tmp_path / "cache", tmp_path / "pin.png") == "False cffi.api"
    assert (tmp_path / "pin.png").read_bytes() == plain_png
    assert (folder / "cairo-ffi.marshal").read_bytes() != kept
    assert run_cli(tmp_path / "cache", tmp_path / "again.png") == "True _cffi_backend"


def test_kept_tables_that_cffi_refuses_fall_back(tmp_path: Path, plain_png: bytes) -> None:
    """A cache whose key matches but whose tables are garbage must not break a render."""
    folder = tmp_path / "cache" / "bindings"
    assert run_cli(tmp_path / "cache", tmp_path / "first.png") == "False cffi.api"
    saved = marshal.loads((folder / "cairo-ffi.marshal").read_bytes())
    saved["ffi"] = {"_version": 0x2601, "_types": b"\x00\x01", "_globals": (b"\xff\xffcairo_create", 0)}
    (folder / "cairo-ffi.marshal").write_bytes(marshal.dumps(saved))
    assert run_cli(tmp_path / "cache", tmp_path / "pin.png") == "False cffi.api"
    assert (tmp_path / "pin.png").read_bytes() == plain_png


def test_no_cache_folder_means_the_plain_import_and_nothing_written(tmp_path: Path, plain_png: bytes) -> None:
    # plain_png ran with SHARECARDS_CACHE_DIR="" (see the fixture); here, a folder that cannot be created.
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert run_cli(blocked, tmp_path / "pin.png") == "False cffi.api"
    assert (tmp_path / "pin.png").read_bytes() == plain_png
    assert blocked.read_text() == "not a folder"
