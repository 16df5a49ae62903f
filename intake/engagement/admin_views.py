"""Editors' views in the Wagtail admin: update an engagement request, decide a champion
sign-up."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wagtail.admin import messages as wagtail_messages

from intake.engagement import services
from intake.engagement.forms import (
    PublicSummaryForm,
    RejectForm,
    StatusUpdateForm,
)
from intake.engagement.models import ChampionSignup, EngagementRequest
from intake.engagement.selectors import (
    champion_signup_admin_queryset,
    engagement_request_admin_queryset,
    engagement_request_history,
)

LIST_URL = "engagement_engagementrequest_modeladmin_index"
SIGNUP_LIST_URL = "engagement_championsignup_modeladmin_index"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# Which of the two forms on a request's page was sent. Each form says so itself: the status
# radios are absent when no status is chosen, so the fields cannot tell the forms apart.
STATUS_ACTION = "update_status"
SUMMARY_ACTION = "save_summary"


@permission_required("engagement.change_engagementrequest", raise_exception=True)
@require_http_methods(["GET", "POST"])
def request_update(request, pk):
    """One request: its details and history, moving it on, and the public summary."""
    engagement_request = get_object_or_404(engagement_request_admin_queryset(), pk=pk)
    allowed = services.engagement_request_allowed_statuses(current=engagement_request.status)
    status_form = StatusUpdateForm(allowed_statuses=allowed, prefix="status")
    summary_form = PublicSummaryForm(
        prefix="summary",
        initial={
            "public_summary": engagement_request.public_summary,
            "public_outcome": engagement_request.public_outcome,
        },
    )
    status = 200
    action = request.POST.get("action") if request.method == "POST" else None
    if action == STATUS_ACTION and allowed:
        status_form = StatusUpdateForm(data=request.POST, allowed_statuses=allowed, prefix="status")
        if status_form.is_valid():
            try:
                services.engagement_request_transition(
                    engagement_request_id=engagement_request.id,
                    to_status=status_form.cleaned_data["status"],
                    response=status_form.cleaned_data["response"],
                    user=request.user,
                )
            except ValidationError as error:
                _add_errors(status_form, error)
            else:
                messages.success(request, "The request is updated and the requester told.")
                return redirect("engagement_admin:request_update", pk=pk)
        wagtail_messages.validation_error(
            request, "The request could not be updated. Correct the errors below.", status_form
        )
    elif action == SUMMARY_ACTION:
        summary_form = PublicSummaryForm(data=request.POST, prefix="summary")
        if summary_form.is_valid():
            services.engagement_request_publish_summary(
                engagement_request_id=engagement_request.id, **summary_form.cleaned_data
            )
            messages.success(request, "The public summary is saved.")
            return redirect("engagement_admin:request_update", pk=pk)
        wagtail_messages.validation_error(
            request,
            "The public summary could not be saved. Correct the errors below.",
            summary_form,
        )
    elif request.method == "POST":
        # Not sent by either form on this page (or a closed request's status form).
        wagtail_messages.error(
            request, "Nothing was saved. Reload the page and use one of its forms."
        )
        status = 400
    return TemplateResponse(
        request,
        "engagement/admin/request_update.html",
        {
            "engagement_request": engagement_request,
            "history": engagement_request_history(engagement_request_id=engagement_request.id),
            "status_form": status_form if allowed else None,
            "summary_form": summary_form,
            "status_action": STATUS_ACTION,
            "summary_action": SUMMARY_ACTION,
            "list_url": reverse(LIST_URL),
        },
        status=status,
    )


@permission_required("engagement.change_championsignup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def signup_decide(request, pk):
    """Approve a champion sign-up (they are listed) or reject it with a reason."""
    signup = get_object_or_404(champion_signup_admin_queryset(), pk=pk)
    reject_form = RejectForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services.champion_signup_approve(signup_id=signup.id, user=request.user)
                messages.success(request, f"{signup.name} is now listed as a champion.")
                return redirect(SIGNUP_LIST_URL)
            reject_form = RejectForm(data=request.POST)
            if reject_form.is_valid():
                services.champion_signup_reject(
                    signup_id=signup.id, user=request.user, **reject_form.cleaned_data
                )
                messages.success(request, "The sign-up is rejected and the person told.")
                return redirect(SIGNUP_LIST_URL)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("engagement_admin:signup_decide", pk=pk)
    return TemplateResponse(
        request,
        "engagement/admin/signup_decide.html",
        {"signup": signup, "reject_form": reject_form, "list_url": reverse(SIGNUP_LIST_URL)},
    )


# For the modeladmin listings' column of actions.
def request_update_url(obj: EngagementRequest) -> str:
    return reverse("engagement_admin:request_update", kwargs={"pk": obj.pk})


def signup_decide_url(obj: ChampionSignup) -> str:
    return reverse("engagement_admin:signup_decide", kwargs={"pk": obj.pk})
