"""The command-line subcommands: protocols, playlists, sessions, export, doctor, encrypt."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pap_guide.app import _catalog, _locations, session_status
from pap_guide.core.clock import SystemClock
from pap_guide.core.playlist import PlaylistLibrary
from pap_guide.core.timefmt import clock_text
from pap_guide.store.database import (
    WrongPassphrase,
    encrypt_database,
    is_encrypted,
    open_database,
)
from pap_guide.store.sessions import SessionRepository


def _passphrase(prompt: str) -> str:
    """From PAP_GUIDE_PASSPHRASE (scripts) or asked on the terminal, never echoed."""
    from getpass import getpass

    from pap_guide.passphrase import PASSPHRASE_ENV

    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise SystemExit(
            f"The database is encrypted: set {PASSPHRASE_ENV} or run this in a "
            "terminal to type the passphrase."
        )
    return getpass(prompt)


def _database_path(args: argparse.Namespace) -> Path:
    return Path(args.db or _locations(args).database)


def _repository(args: argparse.Namespace) -> SessionRepository:
    path = _database_path(args)
    passphrase = _passphrase("Passphrase: ") if is_encrypted(path) else None
    try:
        return SessionRepository(open_database(path, passphrase))
    except WrongPassphrase as exc:
        raise SystemExit(f"Cannot open {path}: {exc}.") from None


def encrypt(args: argparse.Namespace) -> int:
    """``pap-guide encrypt``: protect the existing records with a passphrase."""
    path = _database_path(args)
    if not path.exists():
        print(f"No database at {path} yet; start pap-guide once, or give --db.", file=sys.stderr)
        return 2
    if is_encrypted(path):
        print(f"{path} is already encrypted.")
        return 0
    first = _passphrase("New passphrase (8 characters or more): ")
    if os.environ.get("PAP_GUIDE_PASSPHRASE") is None and first != _passphrase("Again: "):
        print("The passphrases differ; nothing was changed.", file=sys.stderr)
        return 1
    try:
        encrypt_database(path, first)
    except ValueError as exc:
        print(f"{exc} Nothing was changed.", file=sys.stderr)
        return 1
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
    from pap_guide.playback.backends import AudioUnavailable, VlcBackend
    from pap_guide.preflight import run_preflight

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
    status = run_preflight(protocols, library, backend.media_length, print)
    return 1 if catalog.errors else status


def list_sessions(args: argparse.Namespace) -> int:
    """``pap-guide sessions``: every session, newest first, one line each."""
    from pap_guide.core.facts import SessionFacts
    from pap_guide.core.session import Timeline

    locations = _locations(args)
    repository = _repository(args)
    protocols = _catalog(locations).protocols
    rows = repository.sessions()
    if not rows:
        print("No sessions yet.")
    for record in reversed(rows):
        events = repository.events(record.id)
        facts = SessionFacts.from_events(events)
        protocol = protocols.get(record.protocol_key)
        status = session_status(repository, record)
        if record.rehearsal:
            status += f" x{record.speed:g}"
        length = ""
        if protocol is not None:
            timeline = Timeline(protocol, events)
            if timeline.dose_at is not None:
                length = f", ran {clock_text(timeline.elapsed(SystemClock().now()))}"
        doses = " + ".join(f"{d.amount:g} {d.unit}" for d in facts.doses) or "no dose"
        outcome = f", outcome: {facts.outcome}" if facts.outcome else ""
        print(
            f"{record.id:>4}  {record.created.astimezone():%Y-%m-%d %H:%M}  [{status}]  "
            f"{record.patient or '-'}  {record.session_type}  {record.protocol_key}  "
            f"{doses}{length}{outcome}"
        )
    return 0


def export_session(args: argparse.Namespace) -> int:
    """``pap-guide export``: one session's record as PDF, CSV or a FHIR R4 Bundle."""
    from pap_guide.export.writers import export, load_report

    locations = _locations(args)
    repository = _repository(args)
    report = load_report(repository, _catalog(locations).protocols, args.session)
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
    return 0


def doctor(args: argparse.Namespace) -> int:
    """``pap-guide doctor``: audio, database, disk, protocols and playlists."""
    from pap_guide.doctor import check_audio, check_content, check_database, run_doctor
    from pap_guide.playback.backends import VlcBackend

    locations = _locations(args)
    findings = check_audio(lambda: VlcBackend(args.audio_output or "pulse"))
    findings += check_database(Path(args.db or locations.database))
    try:
        measure = VlcBackend("dummy").media_length
    except Exception:
        measure = None
    if measure is not None:
        findings += check_content(
            _catalog(locations), PlaylistLibrary(locations.playlist_folders), measure
        )
    return run_doctor(findings, print)
