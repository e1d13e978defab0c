"""Defenses (R-67): slots for senior and intermediate applicants only, SMS, the 答辩通知书 and attendance."""

import datetime
import subprocess

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.models import Level
from zhicheng.evaluations.models import SessionStatus
from zhicheng.notifications.models import SmsMessage
from zhicheng.panels import selectors, services
from zhicheng.panels.models import DefenseAttendance, DefenseSlot
from zhicheng.panels.tests.factories import entries, tomorrow_at

PLACE = "北京市海淀区评审中心5层答辩室"


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S607
    return result.stdout.decode()


def _make_junior(entry):
    entry.application.level = Level.ASSISTANT
    entry.application.save(update_fields=["level"])


def test_r67_a_junior_applicant_gets_no_defense(session, agency, panel_a):
    entry = entries(panel_a)[0]
    _make_junior(entry)

    with pytest.raises(services.PanelError) as refused:
        services.schedule_defense(entry, by=agency, starts_at=tomorrow_at(9), place=PLACE)

    assert refused.value.rule == "R-67"
    assert "助理级申报人不参加答辩" in refused.value.message
    assert not DefenseSlot.objects.exists()
    assert not SmsMessage.objects.filter(template_id="defense_notice").exists()


def test_r67_bulk_scheduling_spaces_the_panels_applicants_and_skips_junior_ones(session, agency, panel_a):
    first, second = entries(panel_a)

    slots = services.schedule_panel_defenses(panel_a, by=agency, starts_at=tomorrow_at(9), minutes_each=25, place=PLACE)
    assert [(s.entry, timezone.localtime(s.starts_at).strftime("%H:%M")) for s in slots] == [
        (first, "09:00"),
        (second, "09:25"),
    ]

    DefenseSlot.objects.filter(entry=second).delete()
    _make_junior(second)
    again = services.schedule_panel_defenses(
        panel_a, by=agency, starts_at=tomorrow_at(14), minutes_each=25, place=PLACE
    )
    assert [s.entry for s in again] == [first]
    panel_a.refresh_from_db()
    assert panel_a.place == PLACE


def test_r67_scheduling_queues_the_defense_sms(session, agency, panel_a):
    entry = entries(panel_a)[0]
    application = entry.application

    services.schedule_defense(entry, by=agency, starts_at=tomorrow_at(9, 30), place=PLACE)

    sms = SmsMessage.objects.get(template_id="defense_notice")
    day = timezone.localdate() + datetime.timedelta(days=1)
    assert sms.phone == application.applicant.phone
    assert sms.params == {
        "name": application.applicant.real_name,
        "number": application.number,
        "committee": application.committee.name,
        "time": f"{day.year}年{day.month}月{day.day}日 09:30",
        "place": PLACE,
    }
    assert AuditEvent.objects.filter(action="schedule_defense").count() == 1


def test_r67_a_defense_after_the_meeting_or_in_the_past_is_refused(session, agency, panel_a):
    entry = entries(panel_a)[0]
    late = timezone.make_aware(
        datetime.datetime.combine(session.meeting_on + datetime.timedelta(days=1), datetime.time(9))
    )
    past = timezone.now() - datetime.timedelta(hours=1)

    for when, message in ((late, "评审会议"), (past, "晚于当前时间")):
        with pytest.raises(services.PanelError, match=message):
            services.schedule_defense(entry, by=agency, starts_at=when, place=PLACE)
    assert not DefenseSlot.objects.exists()


def test_r67_the_applicant_downloads_the_notice_without_id_number(client, session, agency, panel_a):
    entry = entries(panel_a)[0]
    services.schedule_defense(entry, by=agency, starts_at=tomorrow_at(9, 30), place=PLACE)
    applicant = entry.application.applicant
    client.force_login(applicant)

    response = client.get(reverse("panels:defense_notice", args=[entry.application_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace(" ", "")
    assert applicant.real_name in text
    assert PLACE in text
    assert entry.application.number in text
    assert "09:30" in text
    assert "身份证件原件" in text
    assert applicant.id_number not in text
    assert applicant.id_number[-6:] not in text
    assert applicant.phone not in text


def test_r67_the_notice_is_404_for_anyone_else_and_before_scheduling(client, session, agency, panel_a, li_si):
    scheduled, unscheduled = entries(panel_a)
    services.schedule_defense(scheduled, by=agency, starts_at=tomorrow_at(9), place=PLACE)
    url = reverse("panels:defense_notice", args=[scheduled.application_id])

    assert selectors.find_defense(scheduled.application).place == PLACE
    assert selectors.find_defense(unscheduled.application) is None
    client.force_login(li_si)
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/panels/applications/{scheduled.application_id}/defense-notice").status_code == 404
    client.force_login(unscheduled.application.applicant)
    assert client.get(reverse("panels:defense_notice", args=[unscheduled.application_id])).status_code == 404
    assert client.get(url).status_code == 404
    client.force_login(agency)
    assert client.get(url).status_code == 404


def test_r67_a_no_show_stays_recorded(session, agency, panel_a):
    slot = services.schedule_defense(entries(panel_a)[0], by=agency, starts_at=tomorrow_at(9), place=PLACE)

    with time_machine.travel(tomorrow_at(11)):
        services.record_attendance(slot, by=agency, attendance=DefenseAttendance.NO_SHOW)
        with pytest.raises(services.PanelError, match="已记录为“缺席答辩”，不能更改"):
            services.record_attendance(slot, by=agency, attendance=DefenseAttendance.ATTENDED)
        with pytest.raises(services.PanelError, match="不能重新安排"):
            services.schedule_defense(slot.entry, by=agency, starts_at=tomorrow_at(15), place=PLACE)

    slot.refresh_from_db()
    assert (slot.attendance, slot.recorded_by) == (DefenseAttendance.NO_SHOW, agency)
    assert AuditEvent.objects.filter(action="record_defense", to_state="no_show").count() == 1


def test_r67_attendance_is_recorded_during_the_meeting_but_not_before_the_defense(session, agency, panel_a):
    slot = services.schedule_defense(entries(panel_a)[0], by=agency, starts_at=tomorrow_at(9), place=PLACE)

    with pytest.raises(services.PanelError, match="答辩时间未到"):
        services.record_attendance(slot, by=agency, attendance=DefenseAttendance.ATTENDED)
    session.status = SessionStatus.MEETING
    session.save(update_fields=["status"])
    with time_machine.travel(tomorrow_at(10)):
        services.record_attendance(slot, by=agency, attendance=DefenseAttendance.ATTENDED)

    slot.refresh_from_db()
    assert slot.attendance == DefenseAttendance.ATTENDED


def test_r67_agency_pages_schedule_and_record(client, session, agency, panel_a):
    client.force_login(agency)
    first, _ = entries(panel_a)

    scheduled = client.post(
        reverse("panels:schedule", args=[panel_a.pk]),
        {"starts_at": tomorrow_at(9).strftime("%Y-%m-%dT%H:%M"), "minutes_each": "20", "place": PLACE},
    )
    bad = client.post(
        reverse("panels:schedule", args=[panel_a.pk]),
        {"starts_at": tomorrow_at(10).strftime("%Y-%m-%dT%H:%M"), "minutes_each": "1", "place": PLACE},
        follow=True,
    )
    slot = DefenseSlot.objects.get(entry=first)
    assert timezone.localtime(slot.starts_at).hour == 9
    with time_machine.travel(tomorrow_at(12)):
        client.force_login(agency)  # the login of the day before has expired
        recorded = client.post(reverse("panels:attendance", args=[slot.pk]), {"attendance": "no_show"})
        page = client.get(reverse("panels:manage", args=[session.pk])).content.decode()

    assert "每人答辩时长（分钟）" in bad.content.decode()
    assert scheduled.status_code == recorded.status_code == 302
    assert recorded.url == reverse("panels:manage", args=[session.pk])
    assert DefenseSlot.objects.filter(panel=panel_a).count() == 2
    slot.refresh_from_db()
    assert slot.attendance == DefenseAttendance.NO_SHOW
    assert "缺席答辩" in page
    assert PLACE in page


def test_r67_rescheduling_texts_again_only_when_something_changed(session, agency, panel_a):
    entry = entries(panel_a)[0]
    services.schedule_defense(entry, by=agency, starts_at=tomorrow_at(9), place=PLACE)

    services.schedule_defense(entry, by=agency, starts_at=tomorrow_at(9), place=PLACE)
    assert SmsMessage.objects.filter(template_id="defense_notice").count() == 1
    services.schedule_defense(entry, by=agency, starts_at=tomorrow_at(10), place=PLACE)

    assert SmsMessage.objects.filter(template_id="defense_notice").count() == 2
    assert "10:00" in SmsMessage.objects.filter(template_id="defense_notice").first().params["time"]
    assert AuditEvent.objects.filter(action="reschedule_defense").count() == 1
