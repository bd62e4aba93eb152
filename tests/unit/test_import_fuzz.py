"""Fuzzed import files: never a traceback, never a partial import."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netui.core.importers import ImportFileError
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.importing import import_file
from netui.db.models import MODELS

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

cells = st.text(alphabet=st.sampled_from('ab ,"\n\r\x00é;:\\=@.'), max_size=12)
csv_rows = st.lists(st.lists(cells, min_size=0, max_size=9), max_size=6)
vcard_lines = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "BEGIN:VCARD",
                "END:VCARD",
                "VERSION:2.1",
                "VERSION:3.0",
                "VERSION:4.0",
                "FN:Dana",
                "N:Doe;Jane;;;",
                "EMAIL:dana@x.example",
                "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=",
                "item1.URL:https://www.linkedin.com/in/dana",
                "RELATED;VALUE=text:Dana",
                "CATEGORIES:a,b\\,c",
                "PHOTO;ENCODING=b:AAAA",
                " folded",
                "",
                "BEGIN:VCALENDAR",
                "TEL;VALUE=uri:tel:+1",
                "ORG:A;B",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=14,
)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            m._meta.table_name: conn.execute(
                f'SELECT * FROM "{m._meta.table_name}" ORDER BY rowid'
            ).fetchall()
            for m in MODELS
        }
    finally:
        conn.close()


def attempt(kind: str, data: bytes, tmp_path: Path) -> None:
    """Import ``data``: success, or ImportFileError with the database unchanged."""
    db_path = tmp_path / "fuzz.db"
    path = tmp_path / "input"
    path.write_bytes(data)
    open_database(db_path)
    try:
        before = snapshot(db_path)
        try:
            import_file(kind, path)
        except ImportFileError as error:
            message = str(error)
            assert message and "\n" not in message and "Traceback" not in message
            assert snapshot(db_path) == before
    finally:
        close_database()


def _seed(tmp_path: Path) -> None:
    db_path = tmp_path / "fuzz.db"
    if not db_path.exists():
        open_database(db_path)
        create_contact(ContactFields(name="Dana", email="dana@x.example"))
        close_database()


@SETTINGS
@given(rows=csv_rows, preamble=st.integers(0, 3), crlf=st.booleans(), bom=st.booleans())
def test_linkedin_csv(tmp_path, rows, preamble, crlf, bom):
    _seed(tmp_path)
    lines = ["Notes:"] * preamble + [HEADER]
    lines += [",".join(row) for row in rows]
    text = ("\r\n" if crlf else "\n").join(lines)
    attempt("linkedin", (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"), tmp_path)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_linkedin_random_bytes(tmp_path, data):
    _seed(tmp_path)
    attempt("linkedin", HEADER.encode() + b"\n" + data, tmp_path)


@SETTINGS
@given(lines=vcard_lines, crlf=st.booleans())
def test_vcard(tmp_path, lines, crlf):
    _seed(tmp_path)
    text = ("\r\n" if crlf else "\n").join(lines)
    attempt("vcard", text.encode("utf-8", "surrogatepass"), tmp_path)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_vcard_random_bytes(tmp_path, data):
    _seed(tmp_path)
    attempt("vcard", b"BEGIN:VCARD\nVERSION:2.1\n" + data + b"\nEND:VCARD\n", tmp_path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)


@SETTINGS
@given(extra=st.dictionaries(st.sampled_from(["contact", "tag", "tie", "version", "schema"]),
                             json_values, max_size=3))  # fmt: skip
def test_json(tmp_path, extra):
    document = {"format": "netui", "version": 1, **extra}
    with tempfile.TemporaryDirectory(dir=tmp_path) as fresh:  # an empty database each time
        attempt("json", json.dumps(document).encode(), Path(fresh))


@SETTINGS
@given(
    contacts=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "name", "email", "closeness", "archived", "created_at"]),
            st.none() | st.integers(-2, 6) | st.text(max_size=4) | st.booleans(),
            max_size=6,
        ),
        max_size=3,
    )
)
def test_json_contacts(tmp_path, contacts):
    document = {"format": "netui", "version": 1, "contact": contacts}
    with tempfile.TemporaryDirectory(dir=tmp_path) as fresh:
        attempt("json", json.dumps(document).encode(), Path(fresh))
