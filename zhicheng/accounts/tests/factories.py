import factory

from zhicheng.accounts.models import IdType, Organization, OrgKind, Ownership, Role, User

# Valid GB 11643 numbers (correct check digit, real birth dates) for test personas.
ZHANG_SAN_ID = "11010519491231002X"
LI_SI_ID = "110101199003077731"
WANG_WU_ID = "110108198512120013"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    kind = OrgKind.UNIT
    name = factory.Sequence(lambda n: f"北京测试科技有限公司{n}")
    ownership = Ownership.PRIVATE


class AgencyFactory(OrganizationFactory):
    kind = OrgKind.AGENCY
    name = "北京市工程技术评审服务中心"
    ownership = ""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = "测试用户"
    role = Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", "Zc-test-2024!")

    @factory.post_generation
    def finish(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class ApplicantFactory(UserFactory):
    real_name = "张三"

    @factory.post_generation
    def identity(self, create: bool, extracted: object, **kwargs: object) -> None:
        self.set_id_number(IdType.MAINLAND, str(extracted or ZHANG_SAN_ID))
        self.set_phone(str(kwargs.get("phone", "13812345678")))
        if create:
            self.save()
