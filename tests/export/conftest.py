from __future__ import annotations

import pytest

from pap_guide.config.locations import Locations
from pap_guide.config.locations import load_protocols as _catalog
from pap_guide.store.database import open_database
from pap_guide.store.records import RecordLoader
from tests.helpers.scripted import corrected_twice, scripted_session


def _report(folder, rehearsal=False, more=None):
    session_id = scripted_session(folder, rehearsal=rehearsal, more=more)
    locations = Locations(folder)
    db = open_database(locations.database)
    return RecordLoader(db, _catalog(locations).protocols).report(session_id)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("scripted"))


@pytest.fixture(scope="module")
def rehearsal_report(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("rehearsal"), rehearsal=True)


@pytest.fixture(scope="module")
def corrected_report(tmp_path_factory):
    """The scripted session with a reading and a note each corrected twice."""
    return _report(tmp_path_factory.mktemp("corrected"), more=corrected_twice)
