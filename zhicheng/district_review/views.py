"""District bureau pages: the district's 直通车 applications awaiting its recommendation committee."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.applications import selectors
from zhicheng.applications.models import Status
from zhicheng.district_review import services
from zhicheng.district_review.forms import DecisionForm
from zhicheng.district_review.models import DistrictDecision

district_only = role_required(Role.DISTRICT_BUREAU)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by role_required
    return request.user


@district_only
def queue(request: HttpRequest) -> HttpResponse:
    applications = (
        selectors.list_applications_for(_user(request))
        .filter(is_fast_track=True, status=Status.DISTRICT_REVIEW)
        .order_by("submitted_at", "id")
    )
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    return render(request, "district_review/queue.html", {"page": page})


@district_only
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for(_user(request), pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(application, by=_user(request), **form.cleaned_data)
        except services.DistrictReviewError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "推荐结果已录入")
            return redirect("district_review:queue")
    decisions = DistrictDecision.objects.filter(application=application).select_related("decided_by")
    version = application.versions.order_by("-number").first()
    return render(
        request,
        "district_review/decide.html",
        {"application": application, "form": form, "decisions": decisions, "version": version},
    )
