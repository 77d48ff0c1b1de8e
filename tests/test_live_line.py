"""The live-chat line on the app database: office hours, who is on duty, places in
line, one winner when two navigators accept, and patients who wait too long or leave."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from bot.db import session_scope
from bot.db.migrate import upgrade
from bot.live import line
from bot.live.hours import HoursError, parse_hours
from bot.live.models import LiveChat, LiveStatus
from bot.live.timing import Timing
from bot.settings import Settings
from bot.staff.accounts import create_user, set_disabled
from bot.staff.models import StaffUser

PASSWORD = "quiet harbor lantern mosaic 42"
TIMING = Timing(
    wait=timedelta(minutes=2),
    navigator_seen=timedelta(seconds=45),
    patient_gone=timedelta(seconds=20),
)
# Tuesday 24 November 2026, 10:00 in New York (15:00 UTC)
TUESDAY_10AM = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
ALWAYS = parse_hours("Mon-Sun 00:00-24:00", "UTC")


@pytest.fixture
def db_url(settings: Settings) -> str:
    url = settings.resolved_database_url
    upgrade(url)
    with session_scope(url) as db:
        for name in ("nina", "omar"):
            create_user(db, name, "navigator", PASSWORD)
    return url


def _id(db, name: str) -> int:  # type: ignore[no-untyped-def]
    return db.query(StaffUser).filter_by(username=name).one().id


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (TUESDAY_10AM, True),
        (TUESDAY_10AM + timedelta(hours=7), False),  # 17:00 in New York: closed
        (TUESDAY_10AM - timedelta(hours=2, minutes=1), False),  # 07:59
        (TUESDAY_10AM + timedelta(days=4), False),  # Saturday
    ],
)
def test_office_hours_are_read_in_the_hospitals_time_zone(moment: datetime, open_: bool) -> None:
    hours = parse_hours("Mon-Fri 08:00-17:00", "America/New_York")
    assert hours.open_at(moment) is open_


def test_office_hours_with_several_spans_and_a_week_that_wraps() -> None:
    hours = parse_hours("Fri-Mon 09:00-12:00, Wed 13:00-24:00", "UTC")
    sunday = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)
    assert hours.open_at(sunday)
    assert not hours.open_at(sunday + timedelta(days=2))  # Tuesday
    assert hours.open_at(datetime(2026, 11, 25, 23, 59, tzinfo=timezone.utc))  # Wednesday night


@pytest.mark.parametrize(
    "written", ["weekdays 9-5", "Mon-Fri 17:00-08:00", "Mon-Fri 08:00-25:00", "Mun 08:00-09:00"]
)
def test_unreadable_office_hours_stop_the_settings_with_a_message(written: str) -> None:
    with pytest.raises(HoursError, match="office hours|time of day"):
        parse_hours(written, "UTC")
    with pytest.raises(ValidationError):
        Settings(live_hours=written)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        Settings(live_timezone="Mars/Olympus")


def test_a_navigator_is_on_duty_only_while_available_seen_and_enabled(db_url: str) -> None:
    with session_scope(db_url) as db:
        nina = _id(db, "nina")
        assert not line.live_chat_offered(db, TUESDAY_10AM, ALWAYS, TIMING)
        line.set_available(db, nina, True, TUESDAY_10AM)
        assert line.live_chat_offered(db, TUESDAY_10AM, ALWAYS, TIMING)
        closed = parse_hours("Sat 09:00-10:00", "UTC")
        assert not line.live_chat_offered(db, TUESDAY_10AM, closed, TIMING)
        later = TUESDAY_10AM + timedelta(seconds=46)  # the live page was closed
        assert not line.live_chat_offered(db, later, ALWAYS, TIMING)
        assert line.navigator_seen(db, nina, later)
        assert line.live_chat_offered(db, later, ALWAYS, TIMING)
        set_disabled(db, db.get(StaffUser, nina), True, later)
        db.flush()
        assert not line.live_chat_offered(db, later, ALWAYS, TIMING)


def test_patients_get_places_in_line_and_a_second_ask_keeps_the_place(db_url: str) -> None:
    with session_scope(db_url) as db:
        first = line.join_line(db, "patient-a", "en", TUESDAY_10AM)
        second = line.join_line(db, "patient-b", "es", TUESDAY_10AM)
        again = line.join_line(db, "patient-a", "en", TUESDAY_10AM + timedelta(seconds=5))
        assert again.id == first.id
        assert [line.place_in_line(db, c) for c in (first, second)] == [1, 2]
        assert line.claim(db, first.id, _id(db, "nina"), "Nina", TUESDAY_10AM)
        db.refresh(second)
        assert line.place_in_line(db, second) == 1


def test_two_navigators_accepting_at_once_one_wins(db_url: str) -> None:
    with session_scope(db_url) as db:
        chat_id = line.join_line(db, "patient-race", "en", TUESDAY_10AM).id
        ids = {name: _id(db, name) for name in ("nina", "omar")}
    results: dict[str, bool] = {}
    start = threading.Barrier(2)

    def accept(name: str) -> None:
        start.wait()
        with session_scope(db_url) as db:
            results[name] = line.claim(db, chat_id, ids[name], name.title(), TUESDAY_10AM)

    threads = [threading.Thread(target=accept, args=(n,)) for n in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [False, True]
    winner = next(name for name, won in results.items() if won)
    with session_scope(db_url) as db:
        chat = db.get(LiveChat, chat_id)
        assert (chat.status, chat.navigator_id, chat.navigator_name) == (
            LiveStatus.ACTIVE.value,
            ids[winner],
            winner.title(),
        )


def test_a_patient_who_leaves_leaves_the_line_and_one_who_waits_too_long_is_missed(
    db_url: str,
) -> None:
    with session_scope(db_url) as db:
        gone = line.join_line(db, "patient-gone", "en", TUESDAY_10AM)
        patient = line.join_line(db, "patient-stays", "en", TUESDAY_10AM)
        for second in range(0, 131, 10):  # the widget asks every second or so
            patient.patient_seen_at = TUESDAY_10AM + timedelta(seconds=second)
            line.expire(db, TUESDAY_10AM + timedelta(seconds=second), TIMING)
        db.refresh(gone)
        db.refresh(patient)
        assert gone.status == LiveStatus.LEFT.value
        assert patient.status == LiveStatus.MISSED.value
        assert line.take_callback_offer(db, patient.id)
        assert not line.take_callback_offer(db, patient.id)  # offered once
        assert line.waiting(db) == []


def test_an_ended_chat_hands_back_once(db_url: str) -> None:
    with session_scope(db_url) as db:
        chat = line.join_line(db, "patient-end", "en", TUESDAY_10AM)
        assert line.claim(db, chat.id, _id(db, "nina"), "Nina", TUESDAY_10AM)
        assert line.end(db, chat.id, TUESDAY_10AM)
        assert not line.end(db, chat.id, TUESDAY_10AM)
        assert not line.claim(db, chat.id, _id(db, "omar"), "Omar", TUESDAY_10AM)
        new = line.join_line(db, "patient-end", "en", TUESDAY_10AM)
        assert new.id != chat.id  # asking again after the end is a new chat
