"""Committee filing (核准备案): composition (R-61), validity of at most 3 years (R-03), the pool behind it (R-62)."""

import datetime

import pytest
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.tests.factories import CommitteeFactory
from zhicheng.experts.models import CommitteeFiling, ExpertStatus, FilingStatus
from zhicheng.experts.services import FilingError, approve_filing, composition_problems, reject_filing, submit_filing
from zhicheng.experts.tests.factories import ExpertFactory

FROM = datetime.date(2025, 1, 1)


def _pool(series, n, **kwargs):
    return ExpertFactory.create_batch(n, series=series, **kwargs)


def _submit(committee, agency, **overrides):
    values = {"size": 25, "vice_chairs": 2, "valid_from": FROM, "valid_until": datetime.date(2027, 12, 31)} | overrides
    return submit_filing(committee, by=agency, **values)


def _messages(exc: pytest.ExceptionInfo[FilingError]) -> list[str]:
    return [p.message for p in exc.value.problems]


def test_r61_sound_composition_has_no_problems(committee):
    assert composition_problems(size=25, vice_chairs=3, committee=committee, filed_experts=None) == []


def test_r61_even_size_vice_chairs_and_minimum_are_all_reported(committee, specialty_committee):
    assert composition_problems(size=24, vice_chairs=4, committee=committee, filed_experts=None) == [
        "评委会评审专家人数须为奇数，当前为24人",
        "副主任委员须为1至3名，当前为4名",
        "按系列组建的评委会评审专家不得少于25人，当前为24人",
    ]
    assert composition_problems(size=9, vice_chairs=0, committee=specialty_committee, filed_experts=None) == [
        "副主任委员须为1至3名，当前为0名",
        "按专业组建的评委会评审专家不得少于11人，当前为9人",
    ]
    assert composition_problems(size=11, vice_chairs=1, committee=specialty_committee, filed_experts=None) == []


def test_r61_a_filed_number_replaces_the_default_minimum(committee):
    assert composition_problems(size=15, vice_chairs=1, committee=committee, filed_experts=15) == []
    assert composition_problems(size=13, vice_chairs=1, committee=committee, filed_experts=15) == [
        "评审专家不得少于经备案的15人，当前为13人"
    ]


def test_r61_composition_checks_one_chair(committee):
    assert composition_problems(size=25, vice_chairs=1, committee=committee, filed_experts=None, chairs=0) == [
        "评委会须设主任委员1名，当前为0名"
    ]


def test_r61_agency_submits_a_sound_filing(committee, agency, series):
    _pool(series, 25)

    filing = _submit(committee, agency)

    assert filing.status == FilingStatus.SUBMITTED
    assert AuditEvent.objects.get(action="committee_filing_submitted").actor == agency


def test_r61_refused_filing_lists_every_problem_and_writes_nothing(committee, agency, series):
    _pool(series, 25)

    with pytest.raises(FilingError) as refused:
        _submit(committee, agency, size=20, vice_chairs=4)

    assert _messages(refused) == [
        "评委会评审专家人数须为奇数，当前为20人",
        "副主任委员须为1至3名，当前为4名",
        "按系列组建的评委会评审专家不得少于25人，当前为20人",
        "评审专家少于25人的，须填写申请备案的专家人数下限并说明理由，由市人社局核准",
    ]
    assert not CommitteeFiling.objects.exists()


def test_r61_a_smaller_committee_with_a_filed_number_and_reason_is_accepted(committee, agency, series):
    _pool(series, 21)

    with pytest.raises(FilingError, match="须填写申请备案的专家人数下限并说明理由"):
        _submit(committee, agency, size=21, filed_experts=21)
    filing = _submit(committee, agency, size=21, filed_experts=21, reason="本系列专家数量有限")

    assert (filing.filed_experts, filing.reason) == (21, "本系列专家数量有限")


def test_r03_validity_of_more_than_3_years_is_refused(committee, agency, series):
    _pool(series, 25)

    with pytest.raises(FilingError) as refused:
        _submit(committee, agency, valid_until=datetime.date(2028, 1, 2))

    assert _messages(refused) == ["核准备案有效期不得超过3年（最晚 2028-01-01）"]
    assert refused.value.problems[0].rule == "R-03"
    assert _submit(committee, agency, valid_until=datetime.date(2028, 1, 1)).valid_until == datetime.date(2028, 1, 1)


def test_r03_validity_ending_before_it_starts_is_refused(committee, agency, series):
    _pool(series, 25)

    with pytest.raises(FilingError, match="有效期截止日期不能早于开始日期"):
        _submit(committee, agency, valid_until=FROM - datetime.timedelta(days=1))


def test_r62_the_pool_must_hold_enough_filed_experts_of_the_series(committee, agency, series, other_series):
    _pool(series, 24)
    _pool(series, 3, status=ExpertStatus.CANDIDATE)
    _pool(other_series, 5)

    with pytest.raises(FilingError) as refused:
        _submit(committee, agency)

    assert _messages(refused) == ["全市专家库中已备案的工程技术系列专家仅24人，少于评委会评审专家人数25人"]


def test_r62_a_self_evaluating_units_committee_counts_only_its_own_list(agency, committee, series):
    own = CommitteeFactory(series=series, agency=committee.agency, specialty=None)
    unit_experts = _pool(series, 11)
    own.self_evaluating_unit = unit_experts[0].unit
    own.save()
    _pool(series, 30)  # the city pool does not count

    with pytest.raises(FilingError, match="本单位专家名单中已备案的工程技术系列专家仅0人"):
        _submit(own, agency, size=11, filed_experts=11, reason="本单位评委会")

    for expert in unit_experts:
        expert.pool_owner = own.self_evaluating_unit
        expert.save()
    assert _submit(own, agency, size=11, filed_experts=11, reason="本单位评委会").size == 11


def test_r03_an_agency_files_only_its_own_committees(committee, other_agency, series):
    _pool(series, 25)

    with pytest.raises(FilingError, match="只能为本机构的评委会申请核准备案"):
        _submit(committee, other_agency)


def test_r03_one_pending_filing_per_committee(committee, agency, series):
    _pool(series, 25)
    _submit(committee, agency)

    with pytest.raises(FilingError, match="已有待市人社局核准的备案申请"):
        _submit(committee, agency)


def test_r03_bureau_approval_files_the_committee_for_the_period(committee, agency, bureau, series):
    _pool(series, 21)
    filing = _submit(committee, agency, size=21, filed_experts=21, reason="人数有限")

    approve_filing(filing, by=bureau, filing_number="京人社职备〔2025〕8号")

    committee.refresh_from_db()
    assert (committee.filing_number, committee.filed_on, committee.expires_on, committee.filed_experts) == (
        "京人社职备〔2025〕8号",
        FROM,
        datetime.date(2027, 12, 31),
        21,
    )
    assert committee.min_experts == 21
    assert filing.status == FilingStatus.APPROVED
    assert AuditEvent.objects.filter(action__in=["committee_filing_approved", "committee_filed"]).count() == 2


def test_r03_approval_needs_a_number_and_checks_the_pool_again(committee, agency, bureau, series):
    experts = _pool(series, 25)
    filing = _submit(committee, agency)
    experts[0].status = ExpertStatus.RETIRED
    experts[0].save()

    with pytest.raises(FilingError) as refused:
        approve_filing(filing, by=bureau, filing_number="")

    assert _messages(refused) == [
        "请填写备案编号",
        "全市专家库中已备案的工程技术系列专家仅24人，少于评委会评审专家人数25人",
    ]
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_r03_bureau_rejects_with_a_reason_and_cannot_decide_twice(committee, agency, bureau, series):
    _pool(series, 25)
    filing = _submit(committee, agency)

    with pytest.raises(FilingError, match="请填写不予核准的理由"):
        reject_filing(filing, by=bureau, note="")
    reject_filing(filing, by=bureau, note="专家结构不合理")
    with pytest.raises(FilingError, match="已审核（未予核准），不能重复审核"):
        approve_filing(filing, by=bureau, filing_number="X")

    filing.refresh_from_db()
    assert (filing.status, filing.decision_note, filing.decided_by) == (FilingStatus.REJECTED, "专家结构不合理", bureau)
    committee.refresh_from_db()
    assert committee.filing_number != "X"


def test_r03_only_the_bureau_decides(committee, agency, series):
    _pool(series, 25)
    filing = _submit(committee, agency)

    with pytest.raises(FilingError, match="只有市人社局可以审核"):
        approve_filing(filing, by=agency, filing_number="X")


def test_agency_submits_through_the_page_and_sees_refusals(client, committee, agency, series):
    _pool(series, 25)
    client.force_login(agency)
    data = {"committee": committee.pk, "size": 25, "vice_chairs": 1, "valid_from": "2025-01-01"}

    refused = client.post(reverse("experts:filing_new"), data | {"valid_until": "2029-01-01"})
    accepted = client.post(reverse("experts:filing_new"), data | {"valid_until": "2027-12-31"}, follow=True)

    assert refused.status_code == 400
    assert "核准备案有效期不得超过3年" in refused.content.decode()
    assert "已提交核准备案申请" in accepted.content.decode()
    assert CommitteeFiling.objects.get().size == 25


def test_the_committee_list_of_the_form_holds_only_the_agencys_own(client, agency, other_agency, committee):
    client.force_login(other_agency)

    response = client.post(reverse("experts:filing_new"), {"committee": committee.pk, "size": 25})

    assert response.status_code == 400
    assert committee.name not in response.content.decode()


def test_bureau_approves_on_the_filing_page(client, committee, agency, bureau, series):
    _pool(series, 25)
    filing = _submit(committee, agency)
    client.force_login(bureau)

    page = client.get(reverse("experts:filing_decide", args=[filing.pk])).content.decode()
    response = client.post(
        reverse("experts:filing_decide", args=[filing.pk]),
        {"decision": "approve", "filing_number": "京职备〔2025〕1号"},
        follow=True,
    )

    assert "组成、有效期和专家库人数均符合规定" in page
    assert "已核准备案" in response.content.decode()
    committee.refresh_from_db()
    assert committee.filing_number == "京职备〔2025〕1号"
    assert committee.is_filed_on(datetime.date(2026, 6, 1))


def test_filing_pages_access(client, committee, agency, other_agency, zhang_san, series):
    _pool(series, 25)
    filing = _submit(committee, agency)
    url = reverse("experts:filing_decide", args=[filing.pk])

    client.force_login(agency)
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "approve", "filing_number": "X"}).status_code == 403
    assert committee.name in client.get(reverse("experts:filings")).content.decode()
    client.force_login(other_agency)
    assert client.get(url).status_code == 404
    assert committee.name not in client.get(reverse("experts:filings")).content.decode()
    client.force_login(zhang_san)
    assert client.get(url).status_code == 403
    assert client.get(reverse("experts:filings")).status_code == 403
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
