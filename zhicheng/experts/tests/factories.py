import datetime

import factory
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import SeriesFactory
from zhicheng.experts.models import Expert, ExpertStatus


class ExpertFactory(factory.django.DjangoModelFactory):
    """A filed city-pool expert of the engineering series who has signed the confidentiality agreement."""

    class Meta:
        model = Expert
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"专家{n}")
    series = factory.SubFactory(SeriesFactory)
    level = Level.SENIOR_FULL
    title_name = "正高级工程师"
    unit = factory.SubFactory(OrganizationFactory, name=factory.Sequence(lambda n: f"北京专家工作单位{n}"))
    unit_name = factory.LazyAttribute(lambda o: o.unit.name if o.unit else "")
    status = ExpertStatus.FILED
    filed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    confidentiality_signed_at = factory.LazyFunction(timezone.now)
    confidentiality_version = "2024.1"


class ExpertWithAccountFactory(ExpertFactory):
    """An expert who can log in (role expert)."""

    user = factory.SubFactory(UserFactory, role=Role.EXPERT, real_name=factory.SelfAttribute("..name"))

    @factory.post_generation
    def phone(self, create: bool, extracted: object, **kwargs: object) -> None:
        self.set_phone(str(extracted or "13900000000"))
        if create:
            self.save()
