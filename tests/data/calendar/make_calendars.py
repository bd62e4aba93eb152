"""Write the calendar files the tests import: the shapes Google, Outlook and Apple export.

The files are committed; this script says how they were made (RFC 5545 folding at 75
octets, never inside a UTF-8 sequence; CRLF or LF). Run it from anywhere:

    python tests/data/calendar/make_calendars.py

The tests pin netui's clock to Monday 9 March 2026, 08:00, in Europe/Berlin.

- google.ics: Google Calendar's export: CRLF, folded lines, a VTIMEZONE with TZID
  parameters, X-WR-TIMEZONE, attendees with CN and PARTSTAT (one address in capitals),
  an HTML description, a cancelled lunch, a past catch-up in UTC (Z), an all-day
  holiday nobody is invited to, and an attendee netui does not know.
- outlook.ics: Exchange's: a Windows time-zone name defined by its own VTIMEZONE, a
  weekly one-to-one (RRULE) with an EXDATE and one occurrence moved by a
  RECURRENCE-ID override, Rich markup in the description.
- apple.ics: Apple Calendar's: LF line ends, a floating time (no zone), an all-day
  event with an attendee, non-ASCII summaries (French with an emoji, Hebrew).
- calendar.ics: the README's scenario in one file: tomorrow's coffee chat, a weekly
  one-to-one, a cancelled lunch and a past catch-up.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def fold(line: str) -> bytes:
    """RFC 5545 3.1: lines over 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    out = []
    while len(data) > 75:
        cut = 75 if not out else 74
        while (data[cut] & 0xC0) == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        out.append(data[:cut])
        data = data[cut:]
    out.append(data)
    return b"\r\n ".join(out)


def write(name: str, lines: list[str], *, crlf: bool = True, folded: bool = True) -> None:
    sep = b"\r\n" if crlf else b"\n"
    body = sep.join(fold(line) if folded else line.encode("utf-8") for line in lines) + sep
    (HERE / name).write_bytes(body)


BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE""".splitlines()

COFFEE = [
    "BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20260310T093000",
    "DTEND;TZID=Europe/Berlin:20260310T101500", "DTSTAMP:20260301T120000Z",
    "ORGANIZER;CN=Me:mailto:me@example.com", "UID:coffee-dana-20260310@google.com",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Dana Levi;"
    "X-NUM-GUESTS=0:mailto:DANA.LEVI@Helix.example",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Me;"
    "X-NUM-GUESTS=0:mailto:me@example.com",
    "CREATED:20260301T120000Z",
    "DESCRIPTION:<b>Agenda</b><br>Learn how Helix plans to build its data team<br>"
    '<a href="https://meet.google.com/abc-defg-hij">Join</a>',
    "LAST-MODIFIED:20260301T120000Z", "LOCATION:Café Einstein\\, Unter den Linden 42",
    "SEQUENCE:0", "STATUS:CONFIRMED", "SUMMARY:Coffee with Dana ☕", "TRANSP:OPAQUE",
    "END:VEVENT",
]  # fmt: skip
LUNCH = [
    "BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20260311T120000",
    "DTEND;TZID=Europe/Berlin:20260311T130000", "DTSTAMP:20260301T120000Z",
    "ORGANIZER;CN=Me:mailto:me@example.com", "UID:lunch-rita@google.com",
    "ATTENDEE;CN=Rita Álvarez;PARTSTAT=DECLINED:mailto:rita@initech.example",
    "STATUS:CANCELLED", "SUMMARY:Lunch with Rita", "END:VEVENT",
]  # fmt: skip
CATCH_UP = [
    "BEGIN:VEVENT", "DTSTART:20260216T170000Z", "DTEND:20260216T174500Z",
    "DTSTAMP:20260201T120000Z", "UID:catch-up-sam@google.com",
    "ORGANIZER;CN=Sam Park:mailto:sam.park@northwind.example",
    "ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@example.com", "SUMMARY:Catch-up", "END:VEVENT",
]  # fmt: skip
HOLIDAY = [
    "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260312", "DTEND;VALUE=DATE:20260313",
    "DTSTAMP:20260201T120000Z", "UID:holiday@google.com", "SUMMARY:Holiday",
    "TRANSP:TRANSPARENT", "END:VEVENT",
]  # fmt: skip
STRANGER = [
    "BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20260313T160000",
    "DTEND;TZID=Europe/Berlin:20260313T163000", "DTSTAMP:20260201T120000Z",
    "UID:recruiter@google.com", "ORGANIZER;CN=Me:mailto:me@example.com",
    "ATTENDEE;CN=Jo Recruiter:mailto:jo@talent.example", "SUMMARY:Intro call", "END:VEVENT",
]  # fmt: skip
GOOGLE_HEAD = [
    "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:me@example.com",
    "X-WR-TIMEZONE:Europe/Berlin", *BERLIN,
]  # fmt: skip

WINDOWS_ZONE = [
    "BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time",
    "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE",
]  # fmt: skip
ONE_TO_ONE_UID = (
    "UID:040000008200E00074C5B7101A82E00800000000D0D3A5E1B3F1DB01000000000000000010000000C5E6A1F3"
)
WEEKLY = [
    "BEGIN:VEVENT", "ORGANIZER;CN=Tom Ng:mailto:tom.ng@globex.example",
    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=me@example.com:"
    "mailto:me@example.com",
    "DESCRIPTION;LANGUAGE=en-US:Weekly one-to-one\\nAgenda in [bold]the doc[/bold] [/]\\n",
    "RRULE:FREQ=WEEKLY;UNTIL=20260630T080000Z;INTERVAL=1;BYDAY=TH;WKST=MO",
    "EXDATE;TZID=W. Europe Standard Time:20260205T100000", ONE_TO_ONE_UID,
    "SUMMARY;LANGUAGE=en-US:1:1 Tom / me", "DTSTART;TZID=W. Europe Standard Time:20260108T100000",
    "DTEND;TZID=W. Europe Standard Time:20260108T103000", "CLASS:PUBLIC", "PRIORITY:5",
    "DTSTAMP:20260301T090000Z", "TRANSP:OPAQUE", "STATUS:CONFIRMED", "SEQUENCE:0",
    "LOCATION;LANGUAGE=en-US:Teams", "X-MICROSOFT-CDO-APPT-SEQUENCE:0",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "X-MICROSOFT-CDO-IMPORTANCE:1",
    "X-MICROSOFT-DISALLOW-COUNTER:FALSE", "END:VEVENT",
]  # fmt: skip
MOVED = [
    "BEGIN:VEVENT", "ORGANIZER;CN=Tom Ng:mailto:tom.ng@globex.example",
    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=me@example.com:mailto:me@example.com",
    "RECURRENCE-ID;TZID=W. Europe Standard Time:20260219T100000", ONE_TO_ONE_UID,
    "SUMMARY;LANGUAGE=en-US:1:1 Tom / me (moved)",
    "DTSTART;TZID=W. Europe Standard Time:20260220T150000",
    "DTEND;TZID=W. Europe Standard Time:20260220T153000", "DTSTAMP:20260301T090000Z",
    "SEQUENCE:1", "LOCATION;LANGUAGE=en-US:Teams", "END:VEVENT",
]  # fmt: skip

APPLE = [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Apple Inc.//macOS 14.3//EN", "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT", "CREATED:20260220T101010Z", "UID:5A1C1B9E-8C3F-4F5A-9D1B-2E4F6A8B0C1D",
    "DTSTART:20260309T183000", "DTEND:20260309T200000", "SUMMARY:Dîner avec Zoë — 😀 [/]",
    "LOCATION:Le Petit Zinc",
    'ATTENDEE;CN="Zoë Hartmann";PARTSTAT=ACCEPTED:mailto:zoe@dataconf.example',
    'ORGANIZER;CN="Me":mailto:me@example.com', "DTSTAMP:20260220T101010Z", "SEQUENCE:0",
    "END:VEVENT",
    "BEGIN:VEVENT", "UID:9F2B7C4D-1E3A-4B5C-8D6E-7F8091A2B3C4", "DTSTART;VALUE=DATE:20260105",
    "DTEND;VALUE=DATE:20260106", "SUMMARY:שיחה עם יעל", "ATTENDEE;CN=Yael:mailto:yael@example.org",
    "DTSTAMP:20260101T101010Z", "END:VEVENT",
    "END:VCALENDAR",
]  # fmt: skip


def main() -> None:
    write("google.ics", [*GOOGLE_HEAD, *COFFEE, *LUNCH, *CATCH_UP, *HOLIDAY, *STRANGER,
                         "END:VCALENDAR"])  # fmt: skip
    write("outlook.ics", ["BEGIN:VCALENDAR", "METHOD:PUBLISH",
                          "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0",
                          "X-WR-CALNAME:Calendar", *WINDOWS_ZONE, *WEEKLY, *MOVED,
                          "END:VCALENDAR"])  # fmt: skip
    write("apple.ics", APPLE, crlf=False, folded=False)
    write("calendar.ics", [*GOOGLE_HEAD, *WINDOWS_ZONE, *COFFEE, *WEEKLY, *MOVED, *LUNCH,
                           *CATCH_UP, "END:VCALENDAR"])  # fmt: skip


if __name__ == "__main__":
    main()
