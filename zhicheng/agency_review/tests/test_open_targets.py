from zhicheng.agency_review.selectors import latest_correction_notice
from zhicheng.agency_review.services import ItemInput, request_correction
from zhicheng.applications.services import open_targets


def test_r41_only_the_listed_targets_reopen_while_in_correction(in_review, reviewer):
    assert open_targets(in_review) is None

    notice = request_correction(
        in_review,
        by=reviewer,
        items=[ItemInput("school", "有误", "更正"), ItemInput("attachments.title_cert", "模糊", "重传")],
    )
    in_review.refresh_from_db()

    assert open_targets(in_review) == {"school", "attachments.title_cert"}
    assert latest_correction_notice(in_review) == notice
