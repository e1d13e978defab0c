from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhicheng.accounts.models import Role


def home(request: HttpRequest) -> HttpResponse:
    """Landing page; a logged-in user goes straight to the workspace of their role."""
    user = request.user
    if user.is_authenticated and getattr(user, "role", None) == Role.APPLICANT:
        return redirect("applications:mine")
    if user.is_authenticated and getattr(user, "role", None) == Role.EXPERT:
        return redirect("evaluations:expert_home")
    return render(request, "home.html")
