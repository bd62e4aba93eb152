"""netui.db.failures: real SQLite errors turned into one sentence naming the cause."""

from __future__ import annotations

import os
import sqlite3

import pytest
from peewee import OperationalError

from netui.database_work import describe_error
from netui.db.connection import open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.failures import corrupt_sentence, sentence_for


def test_a_lock_held_by_another_program(db, db_path):
    create_contact(ContactFields(name="Dana"))
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = sqlite3.connect(db_path, timeout=0)
        with pytest.raises(sqlite3.OperationalError) as error:
            other.execute("INSERT INTO setting (key, value) VALUES ('a', 'b')")
        other.close()
    finally:
        holder.rollback()
        holder.close()
    assert sentence_for(error.value, db_path) == (
        f"{db_path} is locked by another program that is writing to it; try again when it is done."
    )
    # Peewee's wrapper around the same error is seen through
    wrapped = OperationalError(error.value, *error.value.args)
    assert sentence_for(wrapped, db_path) == sentence_for(error.value, db_path)


def test_the_app_says_the_same_sentence(db, db_path):
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = sqlite3.connect(db_path, timeout=0)
        with pytest.raises(sqlite3.OperationalError) as error:
            other.execute("INSERT INTO setting (key, value) VALUES ('a', 'b')")
        other.close()
    finally:
        holder.rollback()
        holder.close()
    assert describe_error(error.value) == sentence_for(error.value, db_path)
    assert "is locked by another program" in describe_error(error.value)


def test_a_surrogate_in_text_to_store(db):
    with pytest.raises(UnicodeEncodeError) as error:
        create_contact(ContactFields(name="Bad\udcffName"))
    assert sentence_for(error.value, None) == (
        '"Bad\\xffName" is not valid UTF-8 text (it holds bytes netui cannot read as '
        "characters); type it again or convert it to UTF-8."
    )


def test_a_damaged_file_without_and_with_a_backup(tmp_path):
    db = tmp_path / "nets.db"
    assert corrupt_sentence(db, "*** in database main *** Page 3: never used") == (
        f"{db} is damaged: SQLite's check failed (Page 3: never used), and there is no "
        "backup beside it (netui backup makes one); copy in a backup you keep elsewhere."
    )
    older = tmp_path / "nets.db.v1-20240101-120000.bak"
    newer = tmp_path / "nets-backup-20250101-120000.db"
    for path, when in ((older, 1_700_000_000), (newer, 1_750_000_000)):
        path.write_bytes(b"SQLite format 3\x00")
        os.utime(path, (when, when))
    assert corrupt_sentence(db).endswith(
        f"your newest backup is {newer}: move the damaged file aside and copy the backup in "
        "its place."
    )


def test_other_errors_are_left_to_the_caller(tmp_path):
    assert sentence_for(ValueError("x"), tmp_path / "n.db") is None
    open_database(tmp_path / "n.db").close()
    with pytest.raises(sqlite3.OperationalError) as error:
        sqlite3.connect(tmp_path / "n.db").execute("SELECT nothing FROM nowhere")
    assert sentence_for(error.value, tmp_path / "n.db") is None
