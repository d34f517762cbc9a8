from __future__ import annotations

import pytest

from pap_guide.commands import _catalog
from pap_guide.export.writers import load_report
from pap_guide.resources import Locations
from pap_guide.store.database import open_database
from pap_guide.store.sessions import SessionRepository
from tests.helpers.scripted import scripted_session


def _report(folder, rehearsal=False):
    session_id = scripted_session(folder, rehearsal=rehearsal)
    locations = Locations(folder)
    repository = SessionRepository(open_database(locations.database))
    return load_report(repository, _catalog(locations).protocols, session_id)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("scripted"))


@pytest.fixture(scope="module")
def rehearsal_report(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("rehearsal"), rehearsal=True)
