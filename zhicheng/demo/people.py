"""The demo's accounts: staff of every role, the expert pool, and registered applicants."""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhicheng.accounts.identity import validate_id_number
from zhicheng.accounts.models import IdType, Organization, Role, User
from zhicheng.accounts.services import create_staff_user, ensure_totp_secret
from zhicheng.audit import services as audit
from zhicheng.demo import data
from zhicheng.demo.identities import Person, person_name
from zhicheng.demo.year import DemoYear


@dataclass
class Staff:
    bureau: User
    district_bureaus: dict[int, User]  # by organization pk
    agencies: dict[int, User]  # by organization pk
    unit_hr: dict[int, User]  # by organization pk
    associations: dict[int, User]  # by organization pk
    experts: list[User]


def create_staff(rng: random.Random, year: DemoYear, *, experts: int) -> Staff:
    """One account per bureau, district bureau, agency, unit and association, and the expert pool.

    The accounts printed at the end go through create_staff_user one by one. The others are made
    the same way but in bulk with one password hash: Argon2 takes a fifth of a second per hash,
    which for the hundred-odd accounts sharing the printed demo password would dominate the load.
    """

    def name() -> str:
        return person_name(rng, rng.choice(("男", "女")))

    def account(username: str, role: Role, organization: Organization, real_name: str = "") -> User:
        return create_staff_user(username, data.DEMO_PASSWORD, role, real_name or name(), organization=organization)

    def later(username: str, role: Role, organization: Organization) -> User:
        user = User(username=username, role=role, real_name=name(), organization=organization)
        in_bulk.append(user)
        return user

    in_bulk: list[User] = []
    bureau = account(data.BUREAU_STAFF[0], Role.BUREAU, year.bureau, data.BUREAU_STAFF[1])
    district_bureaus = {}
    for code, org in year.district_bureaus.items():
        username = data.DISTRICT_BUREAUS[code][1]
        district_bureaus[org.pk] = account(username, Role.DISTRICT_BUREAU, org, data.DISTRICT_STAFF_NAMES[username])
    agencies = {year.agencies[a.key].pk: account(a.username, Role.AGENCY, year.agencies[a.key]) for a in data.AGENCIES}
    unit_hr = {}
    for n, unit in enumerate(year.units, start=1):
        username = f"hr{n:02d}"
        unit_hr[unit.pk] = (account if username in data.UNIT_HR_SHOWN else later)(username, Role.UNIT_HR, unit)
    associations = {
        year.associations[code].pk: account(username, Role.ASSOCIATION, year.associations[code])
        for _, username, code in data.ASSOCIATIONS
    }
    # Experts come from units of every kind (第十条: grassroots, central, non-public, young experts).
    homes = [*year.units, *year.agencies.values()]
    pool = [account("expert001", Role.EXPERT, rng.choice(homes))]
    pool += [later(f"expert{n:03d}", Role.EXPERT, rng.choice(homes)) for n in range(2, experts + 1)]
    _save_staff(in_bulk)
    return Staff(bureau, district_bureaus, agencies, unit_hr, associations, pool)


def _save_staff(users: list[User]) -> None:
    """Save accounts as create_staff_user does (checked, TOTP secret, audit event), sharing one password hash."""
    password = make_password(data.DEMO_PASSWORD)
    for user in users:
        user.password = password
        user.full_clean()
    User.objects.bulk_create(users)
    for user in users:
        ensure_totp_secret(user)
        audit.record(user, by=None, action="create_staff", to_state=user.role)


def create_applicants(rng: random.Random, persons: list[Person]) -> list[User]:
    """Registered applicants with verified phones, one per person, in the order given.

    Every demo applicant has the same printed password, so it is hashed once: Argon2 takes a
    fifth of a second per hash, which would dominate the load.
    """
    password = make_password(data.DEMO_PASSWORD)
    now = timezone.now()
    users = []
    for person in persons:
        user = User(
            username=f"a{rng.getrandbits(64):016x}",
            role=Role.APPLICANT,
            real_name=person.name,
            password=password,
            phone_verified_at=now,
        )
        user.set_id_number(IdType.MAINLAND, validate_id_number(IdType.MAINLAND, person.id_number))
        user.set_phone(person.phone)
        users.append(user)
    User.objects.bulk_create(users)
    for user in users:
        audit.record(user, by=user, action="register", to_state="active", data={"id_type": user.id_type})
    return users
