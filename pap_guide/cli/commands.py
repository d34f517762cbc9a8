"""The command-line subcommands: protocols, playlists, sessions, export, doctor, encrypt."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pap_guide.config.arguments import PASSPHRASE_ENV
from pap_guide.config.locations import Locations, load_protocols, locations_for
from pap_guide.core.clock import SystemClock
from pap_guide.core.clock_trust import check_restart
from pap_guide.core.controller import session_clock
from pap_guide.core.loudness import Measurement
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.protocol import ProtocolCatalog, SessionProtocol
from pap_guide.core.rems import missing, rems_form
from pap_guide.core.session import Timeline
from pap_guide.core.timefmt import clock_text
from pap_guide.store.actions import ActionRepository, refusal_reason, refusals
from pap_guide.store.database import (
    DatabaseProblem,
    WrongPassphrase,
    check_new_passphrase,
    encrypt_database,
    is_encrypted,
    normal_passphrase,
    open_records,
)
from pap_guide.store.lock import DatabaseInUse, DatabaseLock
from pap_guide.store.outbox import SENT, Outbox, installation_id
from pap_guide.store.records import RecordLoader


def _passphrase(prompt: str) -> str:
    """From PAP_GUIDE_PASSPHRASE (scripts) or asked on the terminal, never echoed."""
    from getpass import getpass

    given = os.environ.get(PASSPHRASE_ENV)
    if given == "":  # an unset variable in a script: say so, never try it as a key
        print(
            f"{PASSPHRASE_ENV} is set but empty: set it to the passphrase, or unset it "
            "to type the passphrase in a terminal.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise SystemExit(
            f"A passphrase is needed here: set {PASSPHRASE_ENV}, or run this in a terminal "
            "to type it."
        )
    return getpass(prompt)


def _locations(args: argparse.Namespace) -> Locations:
    return locations_for(args.data_dir)


def _catalog(locations: Locations) -> ProtocolCatalog:
    return load_protocols(locations)


def _database_path(args: argparse.Namespace) -> Path:
    return Path(args.db or _locations(args).database)


def _records(
    args: argparse.Namespace, protocols: Mapping[str, SessionProtocol], write: bool = False
) -> RecordLoader:
    """The records, read-only unless the command writes (pushes, loudness measures)."""
    from pap_guide.store.reader import open_reader

    path = _database_path(args)
    passphrase = _passphrase("Passphrase: ") if is_encrypted(path) else None
    try:
        db = open_records(path, passphrase) if write else open_reader(path, passphrase)
        return RecordLoader(db, protocols)
    except WrongPassphrase as exc:
        print(f"Cannot open {path}: {exc}.", file=sys.stderr)
        raise SystemExit(2) from None
    except DatabaseProblem as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None


def encrypt(args: argparse.Namespace) -> int:
    """``pap-guide encrypt``: protect the existing records with a passphrase."""
    path = _database_path(args)
    if not path.exists():
        print(f"No database at {path} yet; start pap-guide once, or give --db.", file=sys.stderr)
        return 2
    if is_encrypted(path):
        print(f"{path} is already encrypted.")
        return 0
    lock = DatabaseLock(path)  # the app's own lock: never both at once
    try:
        lock.acquire()
    except DatabaseInUse as exc:
        print(f"{exc} Nothing was changed.", file=sys.stderr)
        return 3
    try:
        first = normal_passphrase(_passphrase("New passphrase (8 characters or more): "))
        check_new_passphrase(first)  # before asking again
        again = first if os.environ.get(PASSPHRASE_ENV) is not None else _passphrase("Again: ")
        if normal_passphrase(again) != first:
            print("The passphrases differ; nothing was changed.", file=sys.stderr)
            return 1
        encrypt_database(path, first)
    except ValueError as exc:
        print(f"{exc} Nothing was changed.", file=sys.stderr)
        return 1
    except refusals() as exc:
        print(
            f"Cannot encrypt {path}: {refusal_reason(exc)}. Nothing was changed.", file=sys.stderr
        )
        return 2
    finally:
        lock.release()
    print(
        f"{path} is now encrypted. Keep the passphrase safe: without it the records cannot be read."
    )
    return 0


def list_protocols(args: argparse.Namespace) -> int:
    catalog = _catalog(_locations(args))
    for key, protocol in sorted(catalog.protocols.items()):
        phases = ", ".join(p.name for p in protocol.phases)
        print(f"{key}: {protocol.name} ({protocol.planned_length / 3600:g} h) - {phases}")
    for error in catalog.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if catalog.errors else 0


def check_playlists(args: argparse.Namespace) -> int:
    """``pap-guide playlists check``: the preflight report."""
    from pap_guide.core.preflight import run_preflight
    from pap_guide.playback.backends import AudioUnavailable, VlcBackend

    locations = _locations(args)
    catalog = _catalog(locations)
    for error in catalog.errors:
        print(f"error: {error}", file=sys.stderr)
    wanted = args.check_protocol
    if wanted and wanted not in catalog.protocols:
        print(
            f"No protocol {wanted!r}; known: {', '.join(sorted(catalog.protocols))}",
            file=sys.stderr,
        )
        return 2
    try:
        backend = VlcBackend("dummy")
    except AudioUnavailable as exc:
        print(f"Cannot check playlists: {exc}", file=sys.stderr)
        return 2
    protocols = [catalog.protocols[wanted]] if wanted else list(catalog.protocols.values())
    library = PlaylistLibrary(locations.playlist_folders)
    loudness = _loudness_of(args, protocols, library)
    status = run_preflight(protocols, library, backend.media_length, print, loudness)
    return 1 if catalog.errors else status


def _loudness_of(
    args: argparse.Namespace, protocols: list[SessionProtocol], library: PlaylistLibrary
) -> Callable[[Path], Measurement | str | None]:
    """Measure every track not measured yet (with progress on stderr); read the cache."""
    from pap_guide.playback.loudness_scan import scan_or_reason
    from pap_guide.store.track_levels import TrackLevels, file_key

    try:
        levels: TrackLevels | None = TrackLevels(_records(args, {}, write=True).db)
    except SystemExit:
        levels = None  # no database to keep them in: measured for this report only
    tracks = library.tracks_of(protocols)
    found: dict[Path, Measurement | str | None] = {
        path: levels.get(path) if levels else None for path in tracks
    }
    missing = [path for path in tracks if found[path] is None]
    for number, path in enumerate(missing, 1):
        print(f"Measuring loudness {number}/{len(missing)}: {path.name}", file=sys.stderr)
        key = file_key(path)
        result = scan_or_reason(path)
        found[path] = result
        if levels is not None and key is not None:
            levels.put(path, key, result)
    return lambda path: found.get(path)


def list_sessions(args: argparse.Namespace) -> int:
    """``pap-guide sessions``: every session, newest first, one line each."""
    folder = Path(args.data_dir) if args.data_dir else None
    if (
        args.db is None
        and not _database_path(args).exists()
        and (folder is None or folder.is_dir())
    ):
        # a new laptop's data folder; a --db or --data-dir given that is not there is a slip
        print("No sessions yet.")
        return 0
    records = _records(args, _catalog(_locations(args)).protocols)
    reports = records.reports()
    pushes = Outbox(records.db).states()
    if not reports:
        print("No sessions yet.")
    for report in reports:
        record, facts = report.record, report.facts
        status = report.status + (f" x{record.speed:g}" if record.rehearsal else "")
        length = f", ran {clock_text(report.length)}" if report.length is not None else ""
        if report.length is None and report.protocol is not None and report.dose_at is not None:
            # still open: how long since the dose so far, not how long it ran
            clock, _ = session_clock(SystemClock(), record, record.speed)  # a rehearsal's own
            now = clock.now()
            # a wall clock moved since the app last ran is not time passed: by the boot's
            # clock, as the app's restart counts it (it said "2:00:16" for 16 s)
            last = ActionRepository(records.db).last_stamp(record.id)
            moved = check_restart(last, now, clock.boot_id(), clock.boottime(), record.speed)
            now -= timedelta(seconds=moved.jump)
            so_far = Timeline(report.protocol, report.events).elapsed(now)
            length = f", {clock_text(so_far)} since the dose so far"
        doses = " + ".join(f"{d.amount:g} {d.unit}" for d in facts.doses) or "no dose"
        outcome = f", outcome: {facts.outcome}" if facts.outcome else ""
        plan = report.protocol.rems if report.protocol is not None else None
        gaps = missing(rems_form(report, plan)) if plan is not None else []
        outcome += f", REMS form incomplete: {'; '.join(gaps)}" if gaps else ""
        pushed = pushes.get(record.id)
        fhir = f", FHIR: {pushed.describe()}" if pushed else ""
        print(
            f"{record.id:>4}  {record.created.astimezone():%Y-%m-%d %H:%M}  [{status}]  "
            f"{record.patient or '-'}  {record.session_type}  {record.protocol_key}  "
            f"{doses}{length}{outcome}{fhir}"
        )
    return 0


def export_session(args: argparse.Namespace) -> int:
    """``pap-guide export``: one session's record as PDF, CSV or a FHIR R4 Bundle,
    or the music that played in it as an M3U8 playlist."""
    from pap_guide.export.writers import export

    locations = _locations(args)
    folder = Path(args.out).parent
    if not folder.is_dir():  # never made silently: a typo would hide the record somewhere
        print(f"No folder {folder}: make it first, or give another --out.", file=sys.stderr)
        return 2
    if _records_file(Path(args.out), _database_path(args)):
        print(
            f"{args.out} is one of the records' own files: an export there would replace "
            "them. Give another --out.",
            file=sys.stderr,
        )
        return 2
    report = _records(args, _catalog(locations).protocols).report(args.session)
    if report is None:
        print(f"No session {args.session} in {args.db or locations.database}.", file=sys.stderr)
        return 2
    if args.format == "pdf":
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed
        from PySide6.QtWidgets import QApplication

        _app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        written = export(report, args.format, Path(args.out), args.paper)
    except OSError as exc:
        print(f"Cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {written} ({args.format}, readable by you only)")
    if report.chain_problem:
        print(f"WARNING: the record does not verify: {report.chain_problem}", file=sys.stderr)
    return 0


def _records_file(out: Path, database: Path) -> bool:
    """``out`` is the database or one of the files beside it that go with it
    (``-wal``, ``-shm``, ``.chain``, ``.lock``: their names begin with its name)."""
    target, records = out.resolve(), database.resolve()
    if target.parent == records.parent and target.name.startswith(records.name):
        return True
    try:
        return target.exists() and records.exists() and target.samefile(records)  # a hard link
    except OSError:
        return False


def _doctor_passphrase() -> str | None:
    """doctor checks an encrypted file only with its passphrase; without one it says so."""
    if os.environ.get(PASSPHRASE_ENV) is None and not sys.stdin.isatty():
        return None
    return _passphrase("Passphrase (to check the records): ")


if TYPE_CHECKING:
    from pap_guide.cli.doctor import Finding


def doctor(args: argparse.Namespace) -> int:
    """``pap-guide doctor``: audio, database, disk, protocols and playlists."""
    from pap_guide.cli.doctor import (
        check_audio,
        check_content,
        check_database,
        check_plugin_cache,
        check_qt,
        run_doctor,
    )
    from pap_guide.playback.backends import VlcBackend

    locations = _locations(args)
    findings = check_qt()
    findings += check_audio(lambda: VlcBackend(args.audio_output or "pulse"))
    findings += check_plugin_cache()  # of the libVLC just loaded, if it loaded
    findings += check_database(Path(args.db or locations.database), _doctor_passphrase)
    try:
        measure = VlcBackend("dummy").media_length
    except Exception:
        measure = None
    if measure is not None:
        findings += check_content(
            _catalog(locations), PlaylistLibrary(locations.playlist_folders), measure
        )
    findings += _fhir_findings(locations.data_dir)
    return run_doctor(findings, print)


def _fhir_findings(data_dir: Path) -> list[Finding]:
    """Only when the clinic set up a FHIR server: is it there, does the sign-in work."""
    from pap_guide.cli.doctor import Finding
    from pap_guide.config.fhir_settings import FhirSettingsError, load_fhir_settings

    try:
        settings = load_fhir_settings(data_dir)
    except FhirSettingsError as exc:
        return [Finding(False, "fhir.toml cannot be used", str(exc))]
    if settings is None:
        return []
    from pap_guide.cli.push import check_server

    ok, said = check_server(settings)
    return [Finding(ok, said, "" if ok else "check fhir.toml and the network (docs/fhir.md)")]


def push_sessions(args: argparse.Namespace) -> int:
    """``pap-guide push``: one ended session, or every pending push, to the clinic's server."""
    from pap_guide.cli.push import REHEARSAL_NOT_PUSHED, push
    from pap_guide.config.fhir_settings import FhirSettingsError, load_fhir_settings

    locations = _locations(args)
    try:
        settings = load_fhir_settings(locations.data_dir)
    except FhirSettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    if settings is None:
        print(
            f"No FHIR server is set up: write {locations.data_dir / 'fhir.toml'} "
            "(see docs/fhir.md) and chmod 600 it.",
            file=sys.stderr,
        )
        return 2
    records = _records(args, _catalog(locations).protocols, write=True)
    outbox = Outbox(records.db)
    if args.pending:
        wanted = [state.session_id for state in outbox.due(everything=True)]
        if not wanted:
            print("Nothing is waiting to be pushed.")
            return 0
    else:
        wanted = [args.session]
    installation = installation_id(records.db)
    failed = False
    for session_id in wanted:
        report = records.report(session_id)
        if report is None:
            print(f"No session {session_id}.", file=sys.stderr)
            failed = True
            continue
        if not report.ended:
            print(f"Session {session_id} is still open: end it before pushing.", file=sys.stderr)
            failed = True
            continue
        if report.record.rehearsal:
            print(f"Session {session_id} {REHEARSAL_NOT_PUSHED}.", file=sys.stderr)
            failed = True
            continue
        state = push(report, installation, settings, outbox)
        print(f"Session {session_id}: {state.describe()}")
        failed = failed or state.state != SENT
    return 1 if failed else 0
