"""Following themes and groups, and the Atom feeds. Views parse the request, call one service
and render."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from intake.alerts import services
from intake.alerts.forms import FollowForm, FollowManageForm
from intake.alerts.tokens import manage_link, unsubscribe_link
from intake.privacy.retention import retention_sentence
from intake.selectors import group_get_listed_plain
from intake.submissions import spam
from intake.submissions.once import sent_once
from intake.submissions.service_errors import form_add_service_errors


def _invalid(request, message=services.INVALID_LINK):
    return render(request, "intake/link_invalid.html", {"message": message}, status=404)


@spam.rate_limit_post("follow")
@sent_once("follow")
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request):
    """Follow themes, or the group the person came from."""
    if request.method == "POST" and spam.honeypot_filled(data=request.POST):
        return redirect("alerts:follow_sent")
    slug = (request.GET.get("group") or request.POST.get("from_group") or "")[:220]
    group = group_get_listed_plain(slug=slug) if slug else None
    initial = {}
    if request.method == "GET" and request.GET.get("theme"):
        initial["themes"] = request.GET.getlist("theme")[:20]
    form = FollowForm(
        request.POST if request.method == "POST" else None, group=group, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.follow_request(
                email=data["email"],
                theme_ids=[t.pk for t in data["themes"]],
                group_ids=[g.pk for g in data.get("groups") or []],
                frequency=data["frequency"],
                consent=data["consent"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("alerts:follow_sent")
    return render(request, "alerts/follow.html", {"form": form, "group": group})


@require_http_methods(["GET", "HEAD"])
def follow_sent(request):
    return render(request, "alerts/follow_sent.html")


@never_cache
@spam.rate_limit_post("follow_confirm")
@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm(request, token):
    """Double opt-in: a button, so link scanners in mail systems do not confirm for people."""
    if request.method == "POST":
        try:
            follower = services.follow_confirm(token=token)
        except ValidationError as error:
            return _invalid(request, error.messages[0])
        return render(
            request,
            "alerts/confirmed.html",
            {"follower": follower, "manage_url": manage_link(public_id=follower.public_id)},
        )
    follower, _payload = services.follower_from_token("follow-confirm", token, "f")
    if follower is None:
        return _invalid(request)
    return render(
        request,
        "intake/confirm_action.html",
        {
            "title": "Confirm your email address",
            "lead": "Confirm your email address to start getting alerts.",
            "button": "Confirm email address",
        },
    )


@never_cache
@spam.rate_limit_post("follow_manage")
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Change what you follow and how often, or unsubscribe."""
    follower = services.follower_for_manage_token(token=token)
    if follower is None:
        return _invalid(
            request,
            "This link has expired or is not valid. Use the link in your "
            "latest alert email, or follow again to get a new one.",
        )
    form = FollowManageForm(
        request.POST if request.method == "POST" else None,
        follower=follower,
        initial=FollowManageForm.initial_for(follower),
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.follower_update(
                follower_id=follower.pk,
                theme_ids=[t.pk for t in form.cleaned_data["themes"]],
                group_ids=[g.pk for g in form.cleaned_data["groups"]],
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            saved = True
            follower.refresh_from_db()
            form = FollowManageForm(
                follower=follower, initial=FollowManageForm.initial_for(follower)
            )
    return render(
        request,
        "alerts/manage.html",
        {
            "form": form,
            "saved": saved,
            "unsubscribe_url": unsubscribe_link(public_id=follower.public_id),
        },
    )


# One-click unsubscribe (RFC 8058): mail programs POST "List-Unsubscribe=One-Click" to this
# address without a CSRF token. The signed token is the only credential and the only thing the
# request can do is stop the token owner's alerts, so CSRF protection adds nothing here.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop every alert: a button on the page, or one POST from the mail program."""
    if request.method == "POST":
        try:
            services.follower_unsubscribe(token=token)
        except ValidationError as error:
            return _invalid(request, error.messages[0])
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("You are unsubscribed.", content_type="text/plain")
        return render(
            request,
            "alerts/unsubscribed.html",
            {"retention": retention_sentence("alert_followers")},
        )
    if services.follower_for_unsubscribe_token(token=token) is None:
        return _invalid(request)
    return render(
        request,
        "intake/confirm_action.html",
        {
            "title": "Unsubscribe from alerts",
            "lead": "You will get no more alerts from the USER hub.",
            "button": "Unsubscribe",
            "warning": True,
        },
    )
