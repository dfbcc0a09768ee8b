"""The command line of svi-workbench: the file, --demo, --read-only, --quit-after, --version and --help, and a
plain refusal (argparse's words, exit status 2) for anything else."""

from __future__ import annotations

import pytest

from svi_desktop import APP_NAME, __version__
from svi_desktop.app import parse_args


def test_no_arguments_gives_the_defaults() -> None:
    args = parse_args([])
    assert (args.file, args.demo, args.read_only, args.quit_after) == (None, False, False, None)


def test_a_file_and_the_options_in_any_order() -> None:
    args = parse_args(["--read-only", "tender.svi", "--quit-after", "250"])
    assert (args.file, args.demo, args.read_only, args.quit_after) == ("tender.svi", False, True, 250)
    assert parse_args(["--demo", "--quit-after=0"]).quit_after == 0
    assert parse_args(["--demo"]).demo is True
    assert parse_args(["--", "--odd-name.svi"]).file == "--odd-name.svi"


@pytest.mark.parametrize(("argv", "says"), [
    (["--quit-after"], "argument --quit-after: expected one argument"),
    (["--quit-after", "soon"], "argument --quit-after: invalid int value: 'soon'"),
    (["--colour"], "unrecognized arguments: --colour"),
    (["a.svi", "b.svi"], "unrecognized arguments: b.svi"),
])
def test_a_bad_command_line_is_refused_in_one_sentence(argv: list[str], says: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: svi-workbench") and err.rstrip().endswith(f"svi-workbench: error: {says}")


def test_version_and_help_print_and_stop(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(["--version"])
    assert stopped.value.code == 0 and capsys.readouterr().out == f"{APP_NAME} {__version__}\n"
    with pytest.raises(SystemExit) as stopped:
        parse_args(["--help"])
    out = capsys.readouterr().out
    assert stopped.value.code == 0
    assert all(option in out for option in ("--demo", "--read-only", "--version", "--quit-after MS", "file"))


def test_garbage_is_collected_again_when_the_start_up_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from svi_desktop import app

    def fail(_args: object) -> None:
        assert not gc.isenabled()  # none during start-up
        raise OSError("no display")

    monkeypatch.setattr(app, "_start", fail)
    try:
        with pytest.raises(OSError):
            app.main([])
        assert gc.isenabled()
    finally:
        gc.unfreeze()
