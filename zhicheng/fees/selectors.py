"""Access-checked reads of fee notices and payments, and the committee's list of paid applications (R-52)."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.applications.selectors import get_application_for
from zhicheng.catalog.models import Committee
from zhicheng.fees.models import FeeNotice, Payment, PaymentStatus

REVIEWER_ROLES = (Role.AGENCY, Role.DISTRICT_BUREAU)
CENT = Decimal("0.01")
ZERO = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))


def get_fee_notice_for(user: User, application_pk: int) -> FeeNotice:
    """The fee notice of an application the user may see; 404 if none or not theirs."""
    application = get_application_for(user, application_pk)
    notice = FeeNotice.objects.filter(application=application).first()
    if notice is None:
        raise Http404("该申报尚无缴费通知")
    notice.application = application
    return notice


def get_own_payment(user: User, out_trade_no: str) -> Payment:
    """An order of the applicant's own fee notice; 404 for anyone else's."""
    payment = (
        Payment.objects.select_related("fee_notice__application__plan", "fee_notice__application__committee__agency")
        .filter(out_trade_no=out_trade_no, fee_notice__application__applicant_id=user.pk)
        .first()
    )
    if payment is None:
        raise Http404("未找到该订单")
    return payment


def ready_for_committee(committee: Committee) -> QuerySet[Application]:
    """Applications the committee evaluates: approved AND paid (R-52). PAID is only reached through payment."""
    return Application.objects.filter(committee=committee, status=Status.PAID).select_related("applicant", "unit")


def agency_payments(user: User) -> QuerySet[Payment]:
    """Paid orders of the committees the user's agency runs, newest first."""
    if user.role not in REVIEWER_ROLES or not user.organization_id:
        return Payment.objects.none()
    return (
        Payment.objects.filter(
            status=PaymentStatus.PAID, fee_notice__application__committee__agency_id=user.organization_id
        )
        .select_related(
            "fee_notice__application__applicant",
            "fee_notice__application__plan",
            "fee_notice__application__committee",
        )
        .order_by("-paid_at")
    )


def reconciliation(user: User) -> list[dict[str, object]]:
    """Per committee of the user's agency: notices paid and pending, with the sums of their amounts (one query)."""
    if user.role not in REVIEWER_ROLES or not user.organization_id:
        return []
    paid = Q(application__status=Status.PAID)
    pending = Q(application__status=Status.APPROVED)
    rows = (
        FeeNotice.objects.filter(application__committee__agency_id=user.organization_id)
        .values("application__committee__name")
        .annotate(
            paid_count=Count("id", filter=paid),
            paid_sum=Coalesce(Sum("amount", filter=paid), ZERO),
            pending_count=Count("id", filter=pending),
            pending_sum=Coalesce(Sum("amount", filter=pending), ZERO),
        )
        .order_by("application__committee__name")
    )
    return [
        {
            "committee": r["application__committee__name"],
            "paid_count": r["paid_count"],
            "paid_sum": Decimal(r["paid_sum"]).quantize(CENT),
            "pending_count": r["pending_count"],
            "pending_sum": Decimal(r["pending_sum"]).quantize(CENT),
        }
        for r in rows
    ]
