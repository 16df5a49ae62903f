"""Public pages of the group register. Views parse the request, call one service and render.

Like Wagtail's form pages, each view is a few small steps (build the form, process the
submission, render the landing page) so each step can be overridden alone: the form pages are
``intake.submissions.form_pages.IntakeFormView``s, as every public form in the hub is.
"""

import contextlib
import csv

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cms.cache import cache_anonymous_page
from cms.insights.services import form_view_record, request_is_a_person_viewing
from cms.pagination import paginate
from cms.security.audit import signed_link_record
from cms.security.spreadsheets import csv_safe
from intake import selectors, services
from intake.forms import (
    GroupEditForm,
    GroupRegistrationForm,
    HandoverForm,
    InvitationAcceptForm,
    InviteForm,
    JoinForm,
    ManageLinkRequestForm,
)
from intake.models import Membership, UserGroup
from intake.submissions import spam
from intake.submissions.form_pages import IntakeFormView
from intake.submissions.once import sent_once
from intake.submissions.service_errors import form_add_service_errors

# The reference of the last submission, for its confirmation page (a redirect away).
_REFERENCE_KEY = "hub_submission_reference"


def reference_remember(request, reference: str) -> None:
    request.session[_REFERENCE_KEY] = reference or ""


def reference_recall(request) -> str:
    """The reference, once: a visitor's session then holds nothing and is ended, so its
    cookie goes and their next pages come from the page cache again (the email repeats the
    reference)."""
    if not hasattr(request, "session"):
        return ""
    reference = request.session.pop(_REFERENCE_KEY, "")
    signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
    if not signed_in and not list(request.session.keys()):
        request.session.flush()
    return reference


# --- Directory and group pages ------------------------------------------------------------------


@cache_anonymous_page
@require_http_methods(["GET", "HEAD"])
def group_directory(request):
    """Listed groups, browsed by theme."""
    theme_slug = (request.GET.get("theme") or "").strip()[:120]
    groups = selectors.group_list(theme_slug=theme_slug or None)
    page = paginate(request, groups, per_page=20)
    themes = selectors.theme_group_counts()
    current = next((t["theme"] for t in themes if t["theme"].slug == theme_slug), None)
    if theme_slug and current is None:
        current = selectors.theme_by_slug(slug=theme_slug)
    return render(
        request,
        "intake/group_directory.html",
        {
            "page": page,
            "themes": themes,
            "current_theme": current,
            "children": current.children.all() if current else [],
            "theme_slug": theme_slug,
        },
    )


@cache_anonymous_page
@require_http_methods(["GET", "HEAD"])
def group_detail(request, slug):
    """One listed group. Pending, rejected and archived groups are never public."""
    group = selectors.group_get_listed(slug=slug)
    if group is None:
        raise Http404("No listed group here.")
    return render(request, "intake/group_detail.html", {"group": group})


# --- The register as open data -----------------------------------------------------------------


def _open_data_rows(request) -> tuple[list[dict], str]:
    from django.conf import settings
    from django.utils import timezone

    generated = timezone.now().replace(microsecond=0)
    rows = selectors.group_open_data(base_url=settings.HUB_BASE_URL.rstrip("/"))
    return rows, generated.isoformat()


@require_http_methods(["GET", "HEAD"])
def group_download_json(request):
    """Listed groups as JSON, under the Open Government Licence, with when it was generated."""
    from django.http import JsonResponse

    rows, generated = _open_data_rows(request)
    response = JsonResponse(
        {
            "title": "Register of user groups and forums for UK official statistics",
            "licence": selectors.OPEN_DATA_LICENCE,
            "generated_at": generated,
            "count": len(rows),
            "groups": rows,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = f'inline; filename="user-groups-{generated[:10]}.json"'
    return response


@require_http_methods(["GET", "HEAD"])
def group_download_csv(request):
    """Listed groups as CSV (several values in a cell separated by semicolons)."""
    rows, generated = _open_data_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="user-groups-{generated[:10]}.csv"'
    response["Link"] = f'<{selectors.OPEN_DATA_LICENCE["url"]}>; rel="license"'
    writer = csv.writer(response)
    writer.writerow(selectors.OPEN_DATA_FIELDS)
    for row in rows:
        writer.writerow(
            [
                csv_safe("; ".join(value) if isinstance(value, list) else value)
                for value in (row[field] for field in selectors.OPEN_DATA_FIELDS)
            ]
        )
    return response


# --- Registration -------------------------------------------------------------------------------


@method_decorator(spam.rate_limit_post("group_register"), name="dispatch")
@method_decorator(sent_once("group_register"), name="dispatch")
class GroupRegisterView(IntakeFormView):
    """Register a group, warning first about similar listed groups."""

    form_class = GroupRegistrationForm
    template_name = "intake/group_register.html"

    def get(self, request, *args, **kwargs):
        if request_is_a_person_viewing(request):
            form_view_record(form="group_register")  # the first step of the registration funnel
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        if not self.request.POST.get("carry_on"):
            similar = selectors.group_similar(
                name=form.cleaned_data["name"],
                description=f"{form.cleaned_data['summary']} {form.cleaned_data['description']}",
            )
            if similar:
                return self.render_similar(form, similar)
        return super().form_valid(form)

    def render_similar(self, form, similar):
        """Name the similar groups, with the answers kept for carrying on."""
        posted = [
            (key, values)
            for key, values in self.request.POST.lists()
            if key not in ("csrfmiddlewaretoken", "carry_on", "submit")
        ]
        return render(
            self.request,
            "intake/group_register_check.html",
            {"similar": similar, "posted": posted, "name": form.cleaned_data["name"]},
        )

    def process_form_submission(self, form):
        """Store the registration and email the contact a link to confirm their address."""
        return services.group_register(data=form.cleaned_data)

    def render_landing_page(self, request, result):
        """Check your email (the same page for a honeypot answer)."""
        if result is not None:
            reference_remember(request, result.reference)
        return redirect("intake:group_register_sent")


@require_http_methods(["GET", "HEAD"])
def group_register_sent(request):
    """Check your email."""
    return render(
        request, "intake/group_register_sent.html", {"reference": reference_recall(request)}
    )


@never_cache
@spam.rate_limit_post("group_verify")
@require_http_methods(["GET", "HEAD", "POST"])
def group_verify(request, token):
    """Confirm the contact's address (a button, so link scanners cannot confirm it)."""
    if request.method == "POST":
        try:
            group = services.group_verify_email(token=token)
        except ValidationError as error:
            return render(request, "intake/link_invalid.html", {"message": error.messages[0]})
        return render(request, "intake/group_verified.html", {"group": group})
    if services.token_read(purpose="group-verify", token=token) is None:
        return render(request, "intake/link_invalid.html", {"message": services.INVALID_LINK})
    return render(
        request,
        "intake/confirm_action.html",
        {
            "title": "Confirm your email address",
            "lead": "Confirm your email address to send your registration to the hub team.",
            "button": "Confirm email address",
        },
    )


# --- Joining ------------------------------------------------------------------------------------


def _joinable_group(slug) -> UserGroup:
    group = selectors.group_get_listed_plain(slug=slug)
    if group is None:
        raise Http404("No listed group here.")
    return group


@method_decorator(spam.rate_limit_post("group_join"), name="dispatch")
@method_decorator(sent_once("group_join"), name="dispatch")
class GroupJoinView(IntakeFormView):
    """Join an open group, or ask to join one; invitation-only groups say whom to contact."""

    form_class = JoinForm
    template_name = "intake/group_join.html"

    def dispatch(self, request, *args, **kwargs):
        self.group = _joinable_group(kwargs["slug"])
        if not self.group.accepts_join_requests:
            return render(request, "intake/group_join_closed.html", {"group": self.group})
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "group": self.group}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(group=self.group, **kwargs)

    def process_form_submission(self, form):
        """Store the membership and email the person a link to confirm it."""
        return services.membership_request(group_id=self.group.id, data=form.cleaned_data)

    def render_landing_page(self, request, result):
        if result is not None:
            reference_remember(request, result.reference)
        return redirect("intake:group_join_sent", slug=self.group.slug)


@require_http_methods(["GET", "HEAD"])
def group_join_sent(request, slug):
    group = _joinable_group(slug)
    return render(
        request,
        "intake/group_join_sent.html",
        {"group": group, "reference": reference_recall(request)},
    )


@never_cache
@spam.rate_limit_post("membership_confirm")
@require_http_methods(["GET", "HEAD", "POST"])
def membership_confirm(request, token):
    """Double opt-in: confirm the address, then the person is in or waiting for a decision."""
    if request.method == "POST":
        try:
            membership = services.membership_confirm(token=token)
        except ValidationError as error:
            return render(request, "intake/link_invalid.html", {"message": error.messages[0]})
        return render(request, "intake/membership_confirmed.html", {"membership": membership})
    membership = selectors.membership_for_link(purpose="membership-confirm", token=token)
    if membership is None or membership.status in (
        Membership.Status.LEFT,
        Membership.Status.DECLINED,
    ):
        return render(request, "intake/link_invalid.html", {"message": services.INVALID_LINK})
    group = membership.group
    if group.membership == UserGroup.Membership.OPEN:
        lead = f"Confirm your email address to join {group.name}."
    else:
        lead = f"Confirm your email address to send your request to join {group.name}."
    return render(
        request,
        "intake/confirm_action.html",
        {"title": "Confirm your email address", "lead": lead, "button": "Confirm email address"},
    )


@never_cache
@spam.rate_limit_post("membership_leave")
@require_http_methods(["GET", "HEAD", "POST"])
def membership_leave(request, token):
    """Leave a group, or withdraw a request to join."""
    if request.method == "POST":
        try:
            membership = services.membership_leave(token=token)
        except ValidationError as error:
            return render(request, "intake/link_invalid.html", {"message": error.messages[0]})
        signed_link_record(request=request, instance=membership, what="membership_leave")
        return render(request, "intake/membership_left.html", {"membership": membership})
    membership = selectors.membership_for_link(purpose="leave", token=token)
    if membership is None:
        return render(request, "intake/link_invalid.html", {"message": services.INVALID_LINK})
    if membership.status == Membership.Status.LEFT:
        return render(request, "intake/membership_left.html", {"membership": membership})
    group = membership.group
    if membership.status == Membership.Status.ACTIVE:
        title = f"Leave {group.name}"
        lead = "You will stop being a member and we will not email you about the group again."
        button = "Leave the group"
    else:
        title = f"Withdraw your request to join {group.name}"
        lead = "Your request will be withdrawn and we will not email you about the group again."
        button = "Withdraw my request"
    return render(
        request,
        "intake/confirm_action.html",
        {"title": title, "lead": lead, "button": button, "warning": True},
    )


# --- Managing a listing -------------------------------------------------------------------------


@method_decorator(spam.rate_limit_post("manage_request"), name="dispatch")
@method_decorator(sent_once("manage_request"), name="dispatch")
class ManageRequestView(IntakeFormView):
    """Ask for fresh links to manage your listings."""

    form_class = ManageLinkRequestForm
    template_name = "intake/manage/request.html"

    def process_form_submission(self, form):
        """Email a link for each listing the address is the contact for (and nothing else)."""
        return services.manage_link_request(email=form.cleaned_data["email"])

    def render_landing_page(self, request, result):
        return redirect("intake:manage_request_sent")


@require_http_methods(["GET", "HEAD"])
def manage_request_sent(request):
    return render(request, "intake/manage/request_sent.html")


def _managed_group(token) -> UserGroup:
    group = services.group_for_manage_token(token=token)
    if group is None:
        raise _LinkInvalid
    return group


class _LinkInvalid(Exception):
    pass


def _manage_view(view):
    """Resolve the signed link to its group, or explain that the link has expired."""

    def wrapper(request, token, *args, **kwargs):
        try:
            group = _managed_group(token)
        except _LinkInvalid:
            return render(
                request,
                "intake/link_invalid.html",
                {
                    "message": "This link has expired or is not valid. Links to manage a "
                    "listing work for 14 days.",
                    "fresh_link": True,
                },
                status=404,
            )
        if request.method == "POST" or view.__name__ == "manage_members_csv":
            signed_link_record(request=request, instance=group, what=view.__name__)
        return view(request, token, group, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    # These pages show personal data and live at secret addresses: never store them.
    return never_cache(wrapper)


@require_http_methods(["GET", "HEAD"])
@_manage_view
def manage_dashboard(request, token, group):
    """What the contact can do with their listing."""
    return render(
        request,
        "intake/manage/dashboard.html",
        {
            "group": group,
            "token": token,
            "pending_change": selectors.group_pending_change(group_id=group.id),
            "changes_message": (
                selectors.group_changes_requested_message(group_id=group.id)
                if group.status == UserGroup.Status.CHANGES_REQUESTED
                else ""
            ),
            "members": selectors.membership_list_for_contact(group_id=group.id),
            "counts": selectors.membership_counts(group_id=group.id),
            "message": request.GET.get("done", "")[:40],
        },
    )


@spam.rate_limit_post("manage_edit")
@sent_once("manage_edit")
@require_http_methods(["GET", "HEAD", "POST"])
@_manage_view
def manage_edit(request, token, group):
    """Edit the listing; material edits to a listed group wait for an editor."""
    if group.status == UserGroup.Status.ARCHIVED:
        return redirect("intake:manage_dashboard", token=token)
    if request.method == "POST" and spam.honeypot_filled(data=request.POST):
        return redirect(reverse("intake:manage_dashboard", kwargs={"token": token}) + "?done=saved")
    if request.method == "POST":
        form = GroupEditForm(request.POST)
    else:
        form = GroupEditForm(initial=GroupEditForm.initial_for(group))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.group_update(group_id=group.id, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            done = "waiting" if result["waiting"] else "saved"
            return redirect(
                reverse("intake:manage_dashboard", kwargs={"token": token}) + f"?done={done}"
            )
    return render(
        request, "intake/manage/edit.html", {"group": group, "form": form, "token": token}
    )


@spam.rate_limit_post("manage_action")
@require_POST
@_manage_view
def manage_confirm_current(request, token, group):
    """The listing is still correct."""
    with contextlib.suppress(ValidationError):
        services.group_confirm_current(group_id=group.id)
    return redirect(reverse("intake:manage_dashboard", kwargs={"token": token}) + "?done=confirmed")


@require_POST
@_manage_view
def manage_membership_remove(request, token, group, membership_id):
    """Remove a member; they are told."""
    done = "removed"
    try:
        services.membership_remove(group_id=group.id, membership_id=membership_id)
    except ValidationError:
        done = "already"
    return redirect(reverse("intake:manage_dashboard", kwargs={"token": token}) + f"?done={done}")


@spam.rate_limit_post("manage_action")
@require_http_methods(["GET", "HEAD", "POST"])
@_manage_view
def manage_invite(request, token, group):
    """Invite someone to an invitation-only group."""
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_invite(
                group_id=group.id,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(
                reverse("intake:manage_dashboard", kwargs={"token": token}) + "?done=invited"
            )
    return render(
        request, "intake/manage/invite.html", {"group": group, "token": token, "form": form}
    )


@require_POST
@_manage_view
def manage_join_summary(request, token, group):
    """Turn the daily email of who joined on or off."""
    enabled = request.POST.get("join_summary") == "on"
    services.group_join_summary_set(group_id=group.id, enabled=enabled)
    done = "summary_on" if enabled else "summary_off"
    return redirect(reverse("intake:manage_dashboard", kwargs={"token": token}) + f"?done={done}")


@never_cache
@spam.rate_limit_post("group_join")
@require_http_methods(["GET", "HEAD", "POST"])
def membership_invitation(request, token):
    """Accept an invitation to an invitation-only group."""
    invitation = services.membership_invitation_read(token=token)
    if invitation is None:
        return render(request, "intake/link_invalid.html", {"message": services.INVALID_LINK})
    form = InvitationAcceptForm(
        request.POST if request.method == "POST" else None,
        initial={"name": invitation["name"]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_accept_invitation(token=token, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return render(request, "intake/membership_confirmed.html", {"membership": membership})
    return render(
        request,
        "intake/invitation.html",
        {"form": form, "group": invitation["group"], "email": invitation["email"]},
    )


@spam.rate_limit_post("manage_action")
@require_http_methods(["GET", "HEAD", "POST"])
@_manage_view
def manage_handover(request, token, group):
    """Pass the listing to a new contact (they confirm by email first)."""
    form = HandoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_handover_request(
                group_id=group.id,
                new_name=form.cleaned_data["new_contact_name"],
                new_email=form.cleaned_data["new_contact_email"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(
                reverse("intake:manage_dashboard", kwargs={"token": token}) + "?done=handover"
            )
    return render(
        request, "intake/manage/handover.html", {"group": group, "token": token, "form": form}
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def group_handover(request, token):
    """The new contact takes the listing over (a button, so link scanners cannot)."""
    if request.method == "POST":
        try:
            handover = services.group_handover_confirm(token=token)
        except ValidationError as error:
            return render(request, "intake/link_invalid.html", {"message": error.messages[0]})
        return render(request, "intake/handover_done.html", {"group": handover.group})
    handover = services.group_handover_for_token(token=token)
    if handover is None or handover.status == handover.Status.SUPERSEDED:
        return render(request, "intake/link_invalid.html", {"message": services.INVALID_LINK})
    return render(
        request,
        "intake/confirm_action.html",
        {
            "title": f"Take over the listing for {handover.group.name}",
            "lead": "Confirm you are the group's new contact. Your name and email address will "
            "replace the current contact's on the listing, and we will tell them.",
            "button": "Take over the listing",
        },
    )


@spam.rate_limit_post("manage_action")
@require_http_methods(["GET", "HEAD", "POST"])
@_manage_view
def manage_archive(request, token, group):
    """Take the listing down for good."""
    if request.method == "POST":
        services.group_archive(group_id=group.id)
        return redirect(
            reverse("intake:manage_dashboard", kwargs={"token": token}) + "?done=archived"
        )
    return render(request, "intake/manage/archive.html", {"group": group, "token": token})


@spam.rate_limit_post("manage_action")
@require_POST
@_manage_view
def manage_membership_decide(request, token, group, membership_id):
    """Accept or decline a request to join."""
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        return redirect("intake:manage_dashboard", token=token)
    try:
        services.membership_decide(
            group_id=group.id, membership_id=membership_id, accept=decision == "accept"
        )
    except ValidationError:
        return redirect(
            reverse("intake:manage_dashboard", kwargs={"token": token}) + "?done=already"
        )
    return redirect(
        reverse("intake:manage_dashboard", kwargs={"token": token}) + f"?done={decision}ed"
    )


@require_http_methods(["GET", "HEAD"])
@_manage_view
def manage_members_csv(request, token, group):
    """The member list as CSV, for the group's contact."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-members.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["Name", "Email", "Organisation", "Status", "Asked on", "Hopes"])
    for member in selectors.membership_list_for_contact(group_id=group.id):
        writer.writerow(
            [
                csv_safe(member.name),
                csv_safe(member.email),
                csv_safe(member.organisation),
                Membership.Status(member.status).label,
                member.created_at.date().isoformat(),
                csv_safe(member.hopes),
            ]
        )
    return response
