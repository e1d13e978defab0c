"""Counting working days across holidays: N working days from D, a posting of N whole working days (R-05)."""

import datetime

import pytest

from zhicheng.workdays.services import add_workdays, count_workdays, work_calendar, workday_span_end

pytestmark = pytest.mark.django_db

D = datetime.date


def test_r05_five_working_day_posting_from_friday_before_national_day_ends_on_9_october():
    # 9-27 Fri, 9-29 Sun (make-up), 9-30 Mon, then 10-01..10-07 off, 10-08, 10-09.
    assert workday_span_end(D(2024, 9, 27), 5) == D(2024, 10, 9)
    assert count_workdays(D(2024, 9, 27), D(2024, 10, 9)) == 5


def test_r05_a_posting_starting_on_a_holiday_begins_on_the_next_working_day():
    # 10-08 .. 10-11 and the make-up Saturday 10-12.
    assert workday_span_end(D(2024, 10, 1), 5) == D(2024, 10, 12)


def test_r05_a_posting_without_holidays_is_one_working_week():
    assert workday_span_end(D(2024, 7, 1), 5) == D(2024, 7, 5)
    assert workday_span_end(D(2024, 7, 6), 5) == D(2024, 7, 12)  # starts on a Saturday


def test_r05_n_working_days_from_a_day_skips_national_day():
    assert add_workdays(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert add_workdays(D(2024, 9, 28), 1) == D(2024, 9, 29)  # the make-up Sunday counts
    assert add_workdays(D(2024, 9, 27), 5) == D(2024, 10, 10)
    assert add_workdays(D(2024, 9, 27), 0) == D(2024, 9, 27)


def test_r05_spring_festival_2024_make_up_sundays_count():
    assert add_workdays(D(2024, 2, 2), 1) == D(2024, 2, 4)
    assert add_workdays(D(2024, 2, 9), 1) == D(2024, 2, 18)
    assert count_workdays(D(2024, 2, 10), D(2024, 2, 17)) == 0
    assert count_workdays(D(2024, 2, 1), D(2024, 2, 29)) == 18


def test_r05_spring_festival_2026_spans_nine_days_off():
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert workday_span_end(D(2026, 2, 12), 5) == D(2026, 2, 25)
    assert count_workdays(D(2026, 2, 23), D(2026, 3, 1)) == 5  # 24-27 and the make-up Saturday 28


def test_r05_counting_an_empty_or_reversed_range_gives_zero():
    assert count_workdays(D(2024, 10, 5), D(2024, 10, 6)) == 0
    assert count_workdays(D(2024, 10, 9), D(2024, 10, 8)) == 0


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_workdays(D(2024, 7, 1), -1)
    with pytest.raises(ValueError, match="at least 1"):
        workday_span_end(D(2024, 7, 1), 0)


def test_one_snapshot_answers_many_questions_with_two_queries(django_assert_num_queries):
    with django_assert_num_queries(2):
        calendar = work_calendar()
    with django_assert_num_queries(0):
        assert calendar.count_workdays(D(2024, 1, 1), D(2024, 12, 31)) == 251
