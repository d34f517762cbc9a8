import subprocess
import sys

import pytest

from pap_guide.cli import build_parser, main
from tests.conftest import ROOT


def test_protocols_subcommand_lists_shipped_presets(capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "protocols"]) == 0
    assert "standard-6h: Standard 6 hours (6 h)" in capsys.readouterr().out


def test_protocols_subcommand_reports_broken_files(capsys, data_dir):
    (data_dir / "protocols").mkdir()
    (data_dir / "protocols" / "bad.toml").write_text("planned_minutes = 'x'")
    assert main(["--data-dir", str(data_dir), "protocols"]) == 1
    assert "bad.toml" in capsys.readouterr().err


@pytest.mark.parametrize("speed", ["0", "-3", "fast", "nan", "1e9"])
def test_bad_speed_is_refused(speed, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--speed", speed])
    assert "speed" in capsys.readouterr().err


def test_module_entry_point_runs():
    out = subprocess.run(
        [sys.executable, "-m", "pap_guide", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("pap-guide ")
