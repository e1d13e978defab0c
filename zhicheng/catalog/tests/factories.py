import datetime

import factory
from django.utils import timezone

from zhicheng.accounts.tests.factories import AgencyFactory
from zhicheng.catalog.models import Committee, District, Fee, Level, Plan, Series, Specialty, Step, Tier, Window


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = "110105"
    name = "朝阳区"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("code",)

    code = "engineering"
    name = "工程技术"
    is_engineering = True
    allows_high_skilled = True


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("series", "code")

    series = factory.SubFactory(SeriesFactory)
    code = "computer"
    name = "计算机技术"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"北京市工程技术系列计算机技术专业中级评审委员会{n}")
    agency = factory.SubFactory(AgencyFactory)
    series = factory.SubFactory(SeriesFactory)
    tier = Tier.INTERMEDIATE
    filing_number = factory.Sequence(lambda n: f"京职备〔2024〕{n}号")
    filed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("year",)

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.LazyAttribute(lambda o: f"关于开展{o.year}年度北京市职称评价工作的通知")
    notice_number = factory.LazyAttribute(lambda o: f"京人社事业字〔{o.year}〕96号")


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    plan = factory.SubFactory(PlanFactory)
    series = None
    step = Step.APPLY
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    plan = factory.SubFactory(PlanFactory)
    committee = factory.SubFactory(CommitteeFactory)
    level = Level.INTERMEDIATE
    amount = 300


def open_year(*committees: Committee, apply_days: tuple[int, int] = (-10, 10)) -> Plan:
    """The current year's plan with every step's window open today and the committees in its catalog."""
    plan = PlanFactory()
    today = timezone.localdate()
    for step in Step:
        WindowFactory(
            plan=plan,
            step=step,
            opens_on=today + datetime.timedelta(days=apply_days[0]),
            closes_on=today + datetime.timedelta(days=apply_days[1] + (0 if step == Step.APPLY else 20)),
        )
    plan.committees.add(*committees)
    return plan
