"""FHIR R4 (4.0.1) validation of exported Bundles with FHIR.js, an independent validator.

tools/validate/validate_r4.js runs FHIR.js (the npm package ``fhir``, installed into
tools/validate/node_modules by tools/bootstrap.sh) on many resources in one Node process.
When Node.js or the package is missing the test is skipped with the reason, except in CI
(CI=true), where it fails, so that the R4 check cannot vanish quietly.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers.faults import missing

VALIDATE = Path(__file__).resolve().parents[2] / "tools" / "validate"
SCRIPT = VALIDATE / "validate_r4.js"
PACKAGE = VALIDATE / "node_modules" / "fhir" / "package.json"
ERRORS = ("error", "fatal")


@dataclass(frozen=True)
class Message:
    severity: str
    location: str
    message: str
    resource: str = ""  # the resource's id, or where it sits when it has none

    def __str__(self) -> str:
        where = self.location or "(resource)"
        if self.resource and self.resource != "#initial":
            where += f" [{self.resource}]"
        return f"{self.severity}: {where}: {self.message}"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        missing("node is not installed (Debian: apt-get install nodejs npm)")
    if not PACKAGE.is_file():
        missing(f"FHIR.js is not installed in {VALIDATE} (run tools/bootstrap.sh test)")
    return node


def validate(resources: Mapping[str, Mapping[str, Any]]) -> dict[str, list[Message]]:
    """Every message FHIR.js gives for each named resource, all in one Node process."""
    done = subprocess.run(
        [_node(), str(SCRIPT)],
        input=json.dumps(resources).encode("utf-8"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"{SCRIPT.name} exited {done.returncode}: {done.stderr.decode(errors='replace')}"
        )
    found = json.loads(done.stdout)
    return {
        name: [
            Message(m["severity"], m["location"], m["message"], m["resourceId"])
            for m in found[name]
        ]
        for name in resources
    }


def errors(messages: Iterable[Message]) -> list[Message]:
    return [m for m in messages if m.severity in ERRORS]


def assert_valid_r4(resources: Mapping[str, Mapping[str, Any]]) -> None:
    """Fail on any error or fatal message; print the warnings (they do not fail)."""
    found = validate(resources)
    for name, messages in found.items():
        for message in messages:
            if message.severity not in ERRORS:
                print(f"R4 {name}: {message}")
    wrong = [f"{name}: {m}" for name, messages in found.items() for m in errors(messages)]
    assert not wrong, "not valid FHIR R4:\n" + "\n".join(wrong)


def assert_valid_r4_files(paths: Iterable[Path]) -> None:
    """The same for Bundles written to disk, named by their file."""
    resources = {str(path): json.loads(path.read_text(encoding="utf-8")) for path in paths}
    if resources:
        assert_valid_r4(resources)
