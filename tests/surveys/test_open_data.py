"""A process's open-data package carries its surveys' aggregated answers: a count per
option, never a written answer, small counts left empty."""

import io
import json
import zipfile

import pytest
from frictionless import validate

from impact import opendata

from .factories import qid
from .helpers import make_response

pytestmark = pytest.mark.django_db


def test_the_package_has_counts_per_option_small_ones_left_empty(survey, process, tmp_path):
    for _ in range(6):
        make_response(survey, {"uses": "no", "modes": ["bus"]}, email="")
    make_response(survey, {"uses": "no", "modes": ["car"]})
    with zipfile.ZipFile(io.BytesIO(opendata.build_bytes(process))) as archive:
        archive.extractall(tmp_path)
        rows = json.loads(archive.read("data/survey-results.json"))
    assert validate(str(tmp_path / "datapackage.json")).valid
    modes = {row["option"]: row["count"] for row in rows if row["question"] == qid("modes")}
    assert modes["bus"] == 6
    assert modes["car"] is None  # one person: under the small-count threshold
    assert all(row["option"] or row["value"] is not None for row in rows)
