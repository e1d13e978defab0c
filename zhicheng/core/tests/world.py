"""One object graph with a persona of every role, "own" and "other", for the permission matrix and the fuzzing.

Built once per test module: a session of one agency that was voted, signed and reported (experts with seats,
applicants with their applications), an applicant outside it, the unit HR of the first applicant's unit and of
another unit, the session's agency and another agency, the bureau, an expert seated in the session and one who
is not, a district bureau and an association.
"""

from dataclasses import dataclass, field

from django.test import Client

from zhicheng.acceptance.tests.factories import applications, reported
from zhicheng.accounts.models import Organization, OrgKind, Role, User
from zhicheng.accounts.services import current_totp_code
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.applications.models import Application
from zhicheng.ballots.tests.factories import agency_of, other_agency_staff, seats
from zhicheng.catalog.tests.factories import DistrictFactory
from zhicheng.evaluations.models import EvaluationSession
from zhicheng.evaluations.tests.factories import bureau_staff
from zhicheng.experts.tests.factories import ExpertWithAccountFactory

PASSWORD = "Zc-test-2024!"  # UserFactory's password
ANONYMOUS = "anonymous"


@dataclass
class World:
    session: EvaluationSession
    application: Application
    other_application: Application
    users: dict[str, User] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def build_world() -> World:
    session = reported(experts=5, applications=3)
    mine, others, *_ = applications(session)
    seated = seats(session)
    district = Organization.objects.create(
        kind=OrgKind.DISTRICT_BUREAU, name="北京市海淀区人力资源和社会保障局", district=DistrictFactory(code="110108")
    )
    users = {
        "applicant": mine.applicant,
        "other_applicant": others.applicant,
        "unit_hr": UserFactory(role=Role.UNIT_HR, organization=mine.unit, real_name="本单位人事"),
        "other_unit_hr": UserFactory(role=Role.UNIT_HR, organization=OrganizationFactory(), real_name="外单位人事"),
        "association": UserFactory(
            role=Role.ASSOCIATION, organization=OrganizationFactory(kind=OrgKind.ASSOCIATION), real_name="协会"
        ),
        "agency": agency_of(session),
        "other_agency": other_agency_staff(),
        "bureau": bureau_staff(),
        "district": UserFactory(role=Role.DISTRICT_BUREAU, organization=district, real_name="区人社局"),
        "expert": seated[0].expert.user,
        "other_expert": ExpertWithAccountFactory(series=session.committee.series).user,
    }
    return World(session=session, application=mine, other_application=others, users=users)


def sign_in(client: Client, user: User) -> Client:
    """Through the login API: password, then the TOTP code for staff."""
    identifier = user.username if user.role != Role.APPLICANT else user.id_number
    step = client.post(
        "/api/v1/accounts/login", {"identifier": identifier, "password": PASSWORD}, content_type="application/json"
    )
    assert step.status_code == 200, step.content
    if step.json()["second_factor_required"]:
        totp = client.post(
            "/api/v1/accounts/login/totp", {"code": current_totp_code(user)}, content_type="application/json"
        )
        assert totp.status_code == 200, totp.content
    return client
