"""vCard unfolding in linear time: the same logical lines as vobject, photos skipped,
cancelling polled while a file is read, fields and files bounded (issue 12, finding 9)."""

from __future__ import annotations

import base64
import io
import resource
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vobject.base import getLogicalLines

from netui.core.importers import MAX_FIELD_CHARS, ImportCancelled, ImportFileError
from netui.core.importers.unfold import POLL_LINES, Skipped, logical_lines
from netui.core.importers.vcard import parse_vcard

# Pieces that exercise every rule: folds with space and tab, CRLF and lone CR,
# blank lines, quoted-printable soft breaks (the marker split across a fold), an
# "=" at the end of a line without QP, groups and parameters.
PIECES = [
    "BEGIN:VCARD", "END:VCARD", "FN:Dana", " continued", "\tand tabbed", "", " ", "\t",
    "NOTE;ENCODING=QUOTED-PRINTABLE:a=", "b=", "NOTE;ENCODING=QUOTED-PRI", " NTABLE:x=",
    "y", "EMAIL:a@b.c=", "item1.PHOTO;ENCODING=b:QUJD", " REVG", "X:1", "=", "==", "a b",
    "PHOTO:", " :", ";", "\r", "x\ry",
]  # fmt: skip


def vobject_lines(text: str) -> list[tuple[str, int]]:
    return list(getLogicalLines(io.StringIO(text), allowQP=True))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=30),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_the_same_logical_lines_as_vobject(pieces, newline, trailing):
    text = newline.join(pieces) + (newline if trailing else "")
    assert list(logical_lines(text)) == vobject_lines(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("AB:=; \t\r\nqQ-"), max_size=200))
def test_the_same_logical_lines_as_vobject_on_any_text(text):
    assert list(logical_lines(text)) == vobject_lines(text)


def test_ignored_properties_are_skipped_without_joining_them():
    text = "BEGIN:VCARD\nFN:Dana\nitem1.PHOTO;ENCODING=b:QUJD\n REVG\n RUZH\nEND:VCARD\n"
    lines = list(logical_lines(text, skip=frozenset({"PHOTO"})))
    assert lines == [
        ("BEGIN:VCARD", 0),
        ("FN:Dana", 2),
        (Skipped("PHOTO", len("item1.PHOTO;ENCODING=b:QUJDREVGRUZH")), 3),
        ("END:VCARD", 6),
    ]


def photo_card(megabytes: float, *, name: str = "Dana Levi") -> bytes:
    """One vCard 3.0 with a PHOTO of ``megabytes`` of base64, folded at 75 octets."""
    raw = bytes(range(256)) * int(megabytes * 1024 * 1024 * 3 / 4 / 256 + 1)
    line = "PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(raw).decode("ascii")
    folded = "\r\n ".join(line[start : start + 74] for start in range(0, len(line), 74))
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{folded}\r\n"
        "EMAIL:dana@example.com\r\nEND:VCARD\r\n"
    ).encode()


def test_a_card_with_a_folded_photo_is_read_without_the_photo():
    parsed = parse_vcard(photo_card(0.5))
    [record] = parsed.records
    assert (record.name, record.emails) == ("Dana Levi", ("dana@example.com",))


def test_a_big_folded_photo_imports_in_linear_time(tmp_path):
    """The exact reproduction: a vCard with a large folded PHOTO. vobject's unfolding
    took 12 s of CPU at 4 MB and did not finish in 20 minutes at 50 MB (N² copies).
    Here 24 MB is read in a child process limited to 60 s of *CPU time* (not wall
    time, so a loaded machine cannot fail it): linear unfolding needs about a second,
    the quadratic one would need many minutes and be killed by the limit."""
    card = tmp_path / "photo.vcf"
    card.write_bytes(photo_card(24))
    script = (
        "import sys; from netui.core.importers.vcard import parse_vcard;"
        "p = parse_vcard(open(sys.argv[1], 'rb').read()); print(p.records[0].name)"
    )

    def limit_cpu() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    result = subprocess.run(
        [sys.executable, "-c", script, str(card)],
        capture_output=True,
        text=True,
        preexec_fn=limit_cpu,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "Dana Levi\n"


def test_cancelling_is_polled_while_the_lines_are_read():
    """Escape in the import dialog must stop a long parse: cancelled() is asked every
    POLL_LINES physical lines (1 MB of folded photo: 14,000 lines)."""
    data = photo_card(1)
    physical = data.count(b"\n")
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return False

    parse_vcard(data, cancelled)
    assert calls >= physical // POLL_LINES > 5

    def at_once() -> bool:
        return True

    with pytest.raises(ImportCancelled):
        parse_vcard(data, at_once)


def test_a_field_over_the_cap_is_refused_naming_its_line():
    long_note = "x" * (MAX_FIELD_CHARS + 1)
    data = f"BEGIN:VCARD\nVERSION:3.0\nFN:Dana\nNOTE:{long_note}\nEND:VCARD\n".encode()
    with pytest.raises(ImportFileError) as error:
        parse_vcard(data)
    assert str(error.value) == (
        f"Line 4 of the vCard file has a NOTE of {MAX_FIELD_CHARS + 6:,} characters; "
        f"netui imports fields of up to {MAX_FIELD_CHARS:,} characters."
    )
    fits = f"BEGIN:VCARD\nFN:Dana\nNOTE:{'x' * 10_000}\nEND:VCARD\n".encode()
    assert parse_vcard(fits).records[0].notes == "x" * 10_000
