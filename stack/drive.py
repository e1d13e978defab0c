"""The steps of the production journey that have no quick page path, run through the services against the
stack's database (the environment of scripts/stack-lib.sh): test and prod-check only, never deployed.

python -m stack.drive plan                 JSON: the committee, level, unit and staff the journey uses
python -m stack.drive totp USERNAME        the staff member's current second-factor code (their authenticator)
python -m stack.drive post-back APP_ID     the unit's 5-working-day posting, started far enough back to have ended
python -m stack.drive evaluate APP_ID      session, draw, acceptance by experts, roster, meeting, vote, minutes,
                                           report, the bureau's acceptance and confirmation (the posting skipped)
python -m stack.drive evaluate-demo        the same for the demo year's session waiting for its draw
python -m stack.drive issue                a certificate batch run in this process (the backup drill's data)
"""

import datetime
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import time_machine  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhicheng.acceptance.services import accept_session  # noqa: E402
from zhicheng.accounts.models import Role, User  # noqa: E402
from zhicheng.accounts.services import current_totp_code  # noqa: E402
from zhicheng.applications import lifecycle  # noqa: E402
from zhicheng.applications.models import Application  # noqa: E402
from zhicheng.ballots import services as ballots  # noqa: E402
from zhicheng.ballots.models import Choice  # noqa: E402
from zhicheng.catalog.selectors import current_plan  # noqa: E402
from zhicheng.certificates.issuing import run_batch  # noqa: E402
from zhicheng.certificates.services import start_batch  # noqa: E402
from zhicheng.evaluations import services as evaluations  # noqa: E402
from zhicheng.evaluations.models import EvaluationSession, SeatStatus, SessionStatus  # noqa: E402
from zhicheng.experts.models import AGREEMENT_VERSION  # noqa: E402
from zhicheng.unit_review import services as unit_review  # noqa: E402

DEMO_PASSWORD = "Demo-2024!"  # the demo year's staff and expert password (zhicheng.demo.data)
SITE = os.environ.get("PAYMENT_SITE_URL", "https://localhost")


def plan() -> dict[str, object]:
    """The committee the demo drew its expert pool for, the intermediate level, and a unit with an HR account."""
    committee = EvaluationSession.objects.order_by("pk").first().committee
    hr = User.objects.filter(role=Role.UNIT_HR, organization__isnull=False).order_by("username").first()
    agency = User.objects.filter(role=Role.AGENCY, organization=committee.agency).order_by("pk").first()
    return {
        "committee_id": committee.pk,
        "committee": committee.name,
        "series_id": committee.series_id,
        "levels": list(committee.levels),
        "unit_id": hr.organization_id,
        "unit_staff": hr.username,
        "agency_staff": agency.username,
        "bureau": User.objects.filter(role=Role.BUREAU).order_by("pk").first().username,
        "password": DEMO_PASSWORD,
    }


def totp(username: str) -> str:
    return current_totp_code(User.objects.get(username=username))


def post_back(application_id: int) -> str:
    application = Application.objects.get(pk=application_id)
    staff = User.objects.filter(role=Role.UNIT_HR, organization_id=application.unit_id).order_by("pk").first()
    today = timezone.localdate()
    day = today - datetime.timedelta(days=8)
    while unit_review.posting_end(day) >= today:
        day -= datetime.timedelta(days=1)
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        posting = unit_review.start_posting(application, by=staff, starts_on=day)
    return f"posted {posting.starts_on}–{posting.ends_on}"


def evaluate(application_id: int) -> str:
    """A session of the application's committee with it (and any other paid application), taken to the end."""
    application = Application.objects.select_related("committee__agency").get(pk=application_id)
    committee = application.committee
    agency = User.objects.filter(role=Role.AGENCY, organization=committee.agency).order_by("pk").first()
    size = committee.min_experts + (1 - committee.min_experts % 2)
    session = evaluations.create_session(
        by=agency,
        committee=committee,
        name=f"{committee.name}生产环境检查评审会",
        meeting_on=timezone.localdate(),
        place="北京市海淀区人才大厦5层第一会议室",
        experts_requested=size,
    )
    evaluations.request_draw(session, by=agency)
    return hold_session(session)


def hold_session(session: EvaluationSession) -> str:
    """From the bureau's draw to confirmed results, every expert accepting and approving."""
    agency = session.created_by
    bureau = User.objects.filter(role=Role.BUREAU).order_by("pk").first()
    evaluations.draw_experts(session, by=bureau, base_url=SITE)
    while invited := list(session.seats.filter(status=SeatStatus.INVITED).select_related("expert__user")):
        for seat in invited:
            expert = seat.expert
            if not expert.confidentiality_signed_at:
                expert.confidentiality_signed_at = timezone.now()
                expert.confidentiality_version = AGREEMENT_VERSION
                expert.save(update_fields=["confidentiality_signed_at", "confidentiality_version"])
            evaluations.respond_to_invitation(seat, by=expert.user, accept=True, base_url=SITE)
    seats = list(session.seats.filter(status=SeatStatus.ACCEPTED).order_by("pk"))
    evaluations.file_roster(session, by=agency, chair=seats[0].pk, vice_chairs=[seats[1].pk])
    ballots.record_attendance(session, {s.pk for s in seats}, by=agency)
    minutes = ballots.open_meeting(session, by=agency)
    presider = minutes.chaired_by.expert.user
    ballots.open_voting(session, by=presider)
    entries = list(session.entries.all())
    recused = {(c.expert_id, c.entry_id) for c in session.conflicts.all()}
    for seat in session.seats.filter(status=SeatStatus.ACCEPTED).select_related("expert__user"):
        choices = {e.pk: Choice.APPROVE for e in entries if (seat.expert_id, e.pk) not in recused}
        ballots.cast_ballots(seat, choices, by=seat.expert.user)
    ballots.close_voting(session, by=presider, confirmed=True)
    for seat in session.seats.filter(status=SeatStatus.ACCEPTED).select_related("expert__user"):
        ballots.sign_minutes(session, by=seat.expert.user, password=DEMO_PASSWORD)
    ballots.report_results(session, by=agency)
    accept_session(session, by=bureau, note="生产环境检查")
    for entry in session.entries.select_related("application"):
        lifecycle.move(entry.application, "confirm_result", by=bureau, reason="公示期满无异议（检查中不等待5个工作日）")
    return f"session {session.pk}: {len(entries)} application(s) confirmed"


def issue() -> str:
    """Issue the certificates of every confirmed application in this process (the drill's data, no workers)."""
    bureau = User.objects.filter(role=Role.BUREAU).order_by("pk").first()
    batch = start_batch(current_plan(timezone.localdate()), by=bureau, base_url=SITE)
    batch = run_batch(batch.pk)
    return f"batch {batch.pk}: {batch.done}/{batch.total} certificate(s), {batch.status}"


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "plan":
        print(json.dumps(plan(), ensure_ascii=False))
    elif command == "totp":
        print(totp(args[0]))
    elif command == "post-back":
        print(post_back(int(args[0])))
    elif command == "evaluate":
        print(evaluate(int(args[0])))
    elif command == "evaluate-demo":
        print(hold_session(EvaluationSession.objects.filter(status=SessionStatus.DRAW_REQUESTED).get()))
    elif command == "issue":
        print(issue())
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
