"""The demo year's organizations, catalog and plan, with windows placed around the day it is loaded."""

import datetime
import random
from dataclasses import dataclass

from zhicheng.accounts.models import Organization, OrgKind, Ownership
from zhicheng.catalog.models import Committee, District, Fee, Plan, Series, Specialty, Step, Window
from zhicheng.demo import data
from zhicheng.demo.identities import credit_code

DAY = datetime.timedelta(days=1)
# A filing runs just under the 3 years that 第十一条 allows, whatever the leap years.
FILING_DAYS = datetime.timedelta(days=3 * 365 - 1)

# Days from today (start, end) of each step's default window, and of the later series' windows. The default
# windows opened five weeks ago, so that the demo's history (postings, recommendations, lapsed deadlines) fits.
OPENED_DAYS_AGO = 35
DEFAULT_WINDOWS = {
    Step.APPLY: (-OPENED_DAYS_AGO, 14),
    Step.UNIT: (-OPENED_DAYS_AGO, 21),
    Step.AGENCY: (-OPENED_DAYS_AGO, 60),
}
LATER_WINDOWS = {Step.APPLY: (20, 42), Step.UNIT: (20, 49), Step.AGENCY: (20, 90)}
# Credit-code region for districts whose catalog code is not a GB/T 2260 code.
CREDIT_REGIONS = {"ETDZ": "110302"}


@dataclass
class DemoYear:
    plan: Plan
    bureau: Organization
    district_bureaus: dict[str, Organization]  # by district code
    agencies: dict[str, Organization]  # by AgencySeed.key
    committees: list[Committee]
    units: list[Organization]
    unit_series: dict[int, tuple[str, ...]]  # unit pk → series codes its staff apply in
    associations: dict[str, Organization]  # by the series code they recommend for
    series: dict[str, Series]  # by code


def _organization(
    rng: random.Random,
    *,
    kind: OrgKind,
    name: str,
    district: District | None,
    registrar: str,
    ownership: str = "",
    needs_entrustment: bool = False,
    phone: str = "",
) -> Organization:
    region = CREDIT_REGIONS.get(district.code, district.code) if district else "110000"
    return Organization.objects.create(
        kind=kind,
        name=name,
        credit_code=credit_code(rng, registrar=registrar[0], org_type=registrar[1], region=region),
        ownership=ownership,
        district=district,
        needs_entrustment=needs_entrustment,
        phone=phone or f"010-{rng.randrange(5000_0000, 8999_9999)}",
    )


def _unit_registrar(seed: data.UnitSeed) -> str:
    """GB 32100 registrar and type: 91 enterprise, 12 public institution, 52 private non-enterprise."""
    if seed.name.endswith(("公司", "（普通合伙）")):
        return "91"
    return "52" if seed.ownership == Ownership.SOCIAL else "12"


def create_year(rng: random.Random, today: datetime.date) -> DemoYear:
    """Create the organizations, committees, plan, windows and fees of today's year."""
    districts = {d.code: d for d in District.objects.all()}
    series = {s.code: s for s in Series.objects.all()}
    specialties = {(s.series.code, s.code): s for s in Specialty.objects.select_related("series")}

    bureau = _organization(
        rng, kind=OrgKind.BUREAU, name=data.BUREAU, district=districts["110112"], registrar="11", phone="12333"
    )
    district_bureaus = {
        code: _organization(rng, kind=OrgKind.DISTRICT_BUREAU, name=name, district=districts[code], registrar="11")
        for code, (name, _) in data.DISTRICT_BUREAUS.items()
    }
    agencies = {
        a.key: _organization(rng, kind=OrgKind.AGENCY, name=a.name, district=None, registrar="12", phone=a.phone)
        for a in data.AGENCIES
    }
    units = [
        _organization(
            rng,
            kind=OrgKind.UNIT,
            name=u.name,
            district=districts[u.district],
            registrar=_unit_registrar(u),
            ownership=u.ownership,
            needs_entrustment=u.needs_entrustment,
        )
        for u in data.UNITS
    ]
    associations = {
        series_code: _organization(
            rng,
            kind=OrgKind.ASSOCIATION,
            name=name,
            district=districts["110102"],
            registrar="51",
            ownership=Ownership.SOCIAL,
        )
        for name, _, series_code in data.ASSOCIATIONS
    }

    committees = []
    for seed in data.COMMITTEES:
        filed_on = today - DAY * rng.randrange(120, 900)
        committee = Committee(
            name=seed.name,
            agency=district_bureaus[seed.agency] if seed.district else agencies[seed.agency],
            series=series[seed.series],
            specialty=specialties[(seed.series, seed.specialty)] if seed.specialty else None,
            tier=seed.tier,
            evaluates_lower_levels=seed.evaluates_lower_levels,
            district=districts[seed.district] if seed.district else None,
            filing_number=f"京人社职备〔{filed_on.year}〕{rng.randrange(1, 80)}号",
            filed_on=filed_on,
            expires_on=filed_on + FILING_DAYS,
            phone=(district_bureaus[seed.agency] if seed.district else agencies[seed.agency]).phone,
        )
        committee.full_clean()
        committee.save()
        committees.append(committee)

    plan = Plan.objects.create(
        year=today.year,
        title=f"关于开展{today.year}年度北京市职称评价工作的通知",
        notice_number=f"京人社事业字〔{today.year}〕96号",
    )
    plan.committees.set(committees)
    windows = [
        Window(plan=plan, series=None, step=step, opens_on=today + DAY * start, closes_on=today + DAY * end)
        for step, (start, end) in DEFAULT_WINDOWS.items()
    ] + [
        Window(
            plan=plan,
            series=series[data.LATER_WINDOW_SERIES],
            step=step,
            opens_on=today + DAY * start,
            closes_on=today + DAY * end,
        )
        for step, (start, end) in LATER_WINDOWS.items()
    ]
    Window.objects.bulk_create(windows)
    Fee.objects.bulk_create(
        Fee(plan=plan, committee=c, level=level, amount=data.BASE_FEES[level] + 10 * rng.randrange(0, 6))
        for c in committees
        for level in c.levels
    )
    return DemoYear(
        plan=plan,
        bureau=bureau,
        district_bureaus=district_bureaus,
        agencies=agencies,
        committees=committees,
        units=units,
        unit_series={unit.pk: seed.series for unit, seed in zip(units, data.UNITS, strict=True)},
        associations=associations,
        series=series,
    )
