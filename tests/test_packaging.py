"""A non-editable install must render: the wheel carries templates/ and fonts/."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_contains_templates_fonts_and_licences(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("sharecards-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").glob("*.svg.j2"):
        assert f"sharecards/_data/templates/{template.name}" in names
    for font in (ROOT / "fonts").rglob("*"):
        if font.is_file():
            assert f"sharecards/_data/fonts/{font.relative_to(ROOT / 'fonts').as_posix()}" in names
    assert "sharecards/_data/fonts/inter/OFL.txt" in names
