from zhicheng.agency_review.tests.fixtures import approve
from zhicheng.fees.gateways import simulated_notification
from zhicheng.fees.selectors import ready_for_committee
from zhicheng.fees.services import receive_notification, start_payment


def test_r52_only_approved_and_paid_applications_go_to_the_committee(
    in_review, second_in_review, reviewer, fee, committee, zhang_san
):
    approve(second_in_review, reviewer)  # approved, not paid
    approve(in_review, reviewer)
    order, _ = start_payment(in_review.fee_notice, by=zhang_san)

    assert list(ready_for_committee(committee)) == []
    receive_notification(*simulated_notification(order, paid=True))

    assert list(ready_for_committee(committee)) == [in_review]
