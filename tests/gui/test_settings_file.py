"""The settings file (settings.ini in the data folder) is read as data, never run: PySide keeps a Python object
that Qt has no type for as a pickle and unpickles it when the file is read, so the window's layouts are kept as
QByteArray, and a pickled line, from an older copy or put there by hand, is dropped unread."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from svi_desktop.ui import settings

PLANT = """
import os, sys
from PySide6.QtCore import QSettings

class Plant:
    def __reduce__(self):  # run when unpickled: makes the folder named
        return (os.mkdir, (sys.argv[2],))

s = QSettings(sys.argv[1], QSettings.Format.IniFormat)
s.setValue("window/geometry", Plant())
s.setValue("layout/scoringPanel/splitter0", Plant())
s.setValue("files/last_folder", "/kept")
s.sync()
"""
READ = """
import sys
from PySide6.QtCore import QSettings
QSettings(sys.argv[1], QSettings.Format.IniFormat).value("window/geometry")
"""


def run(code: str, *args: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_pickle_planted_in_the_settings_file_is_dropped_unread(data_dir: Path, tmp_path: Path) -> None:
    ini, marker = data_dir / "settings.ini", tmp_path / "ran"
    run(PLANT, str(ini), str(marker))
    assert b"PySide::PyObjectWrapper" in ini.read_bytes()
    # The danger is real: read by QSettings as it stands, the line runs the planted code.
    control = tmp_path / "control.ini"
    shutil.copy(ini, control)
    run(READ, str(control), str(marker))
    assert marker.is_dir()
    marker.rmdir()

    assert settings.get(settings.GEOMETRY) == b""
    assert settings.get_state("scoringPanel/splitter0") == b""
    assert not marker.exists()
    assert b"PySide::PyObjectWrapper" not in ini.read_bytes()
    assert settings.get(settings.LAST_FOLDER) == "/kept"  # the rest of the file is kept


def test_layouts_are_kept_as_qt_byte_arrays_and_come_back_as_bytes(data_dir: Path) -> None:
    settings.put(settings.GEOMETRY, b"\x01\xd9\xd0\xcb\x00geometry")
    settings.put_state("scoringPanel/splitter0", b"\x00\xff state")
    text = (data_dir / "settings.ini").read_bytes()
    assert b"@ByteArray(" in text and b"PyObjectWrapper" not in text
    assert settings.get(settings.GEOMETRY) == b"\x01\xd9\xd0\xcb\x00geometry"
    assert settings.get_state("scoringPanel/splitter0") == b"\x00\xff state"


def test_a_layout_of_the_wrong_type_gives_the_default(data_dir: Path) -> None:
    (data_dir / "settings.ini").write_text("[window]\ngeometry=just some text\n[layout]\nx=12\n", encoding="utf-8")
    assert settings.get(settings.GEOMETRY) == b""
    assert settings.get_state("x") == b""


def test_an_unchanged_value_is_not_written_again(data_dir: Path) -> None:
    ini = data_dir / "settings.ini"
    settings.put(settings.GEOMETRY, b"\x01layout")
    settings.put_state("scoringPanel/splitter0", b"\x02state")
    written = ini.stat().st_mtime_ns
    os.utime(ini, ns=(written - 10**9, written - 10**9))  # a second earlier, so that a rewrite would show
    settings.put(settings.GEOMETRY, b"\x01layout")  # as the window does at every close
    settings.put_state("scoringPanel/splitter0", b"\x02state")
    assert ini.stat().st_mtime_ns == written - 10**9
    settings.put(settings.GEOMETRY, b"\x01moved")
    assert ini.stat().st_mtime_ns > written - 10**9 and settings.get(settings.GEOMETRY) == b"\x01moved"


def test_a_planted_pickle_that_cannot_be_taken_out_is_refused_in_one_sentence(
        data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    import pytest

    from svi_desktop.errors import KnownError

    ini, marker = data_dir / "settings.ini", tmp_path / "ran"
    run(PLANT, str(ini), str(marker))
    before = ini.read_bytes()

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(settings.os, "replace", full)
    with pytest.raises(KnownError) as refused:
        settings.get(settings.GEOMETRY)
    assert str(refused.value) == (f"The settings file {ini} holds a line that would run code when it is read, and it "
                                  "could not be taken out (No space left on device): delete that file and start "
                                  "SVI Workbench again.")
    assert not marker.exists() and ini.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["settings.ini"]  # no half-written copy left
