"""Meetings: the public meetings page and calendars, and the contact's pages behind the manage
link. Views parse the request, call one service or selector and render."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cms.cache import cache_anonymous_page
from cms.pagination import paginate
from intake import selectors as group_selectors
from intake.meetings import selectors, services
from intake.meetings.calendars import calendar_response
from intake.meetings.forms import MeetingFilterForm, MeetingForm
from intake.submissions import spam
from intake.submissions.service_errors import form_add_service_errors
from intake.views import _manage_view

PER_PAGE = 20


# --- Public pages -------------------------------------------------------------------------------


@cache_anonymous_page
@require_http_methods(["GET", "HEAD"])
def meeting_list(request):
    """Upcoming meetings across every group, filtered by theme, organisation and format."""
    form = MeetingFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"theme": None, "organisation": None, "format": ""}
    meetings = selectors.meeting_upcoming_list(**filters)
    page = paginate(request, meetings, per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    theme = filters["theme"]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "calendar_url": (
                reverse("meetings:theme_calendar", kwargs={"slug": theme.slug})
                if theme
                else reverse("meetings:hub_calendar")
            ),
        },
    )


@cache_anonymous_page
@require_http_methods(["GET", "HEAD"])
def meeting_detail(request, public_id):
    """One meeting of a listed group."""
    meeting = selectors.meeting_get_public(public_id=public_id)
    if meeting is None:
        raise Http404("No meeting here.")
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


@require_http_methods(["GET", "HEAD"])
def meeting_calendar(request, public_id):
    """One meeting as a calendar file: the "Add to calendar" link."""
    meeting = selectors.meeting_get_public(public_id=public_id)
    if meeting is None:
        raise Http404("No meeting here.")
    return calendar_response(
        meetings=[meeting], name=meeting.display_title, filename=f"meeting-{public_id}.ics"
    )


@require_http_methods(["GET", "HEAD"])
def hub_calendar(request):
    """Every group's meetings."""
    return calendar_response(
        meetings=selectors.calendar_meetings(), name="All meetings", filename="meetings.ics"
    )


@require_http_methods(["GET", "HEAD"])
def group_calendar(request, slug):
    """One group's meetings."""
    group = group_selectors.group_get_listed_plain(slug=slug)
    if group is None:
        raise Http404("No listed group here.")
    return calendar_response(
        meetings=selectors.calendar_meetings(group=group),
        name=f"Meetings of {group.name}",
        filename=f"{group.slug}-meetings.ics",
    )


@require_http_methods(["GET", "HEAD"])
def theme_calendar(request, slug):
    """Meetings of groups under a theme and every theme below it."""
    theme = group_selectors.theme_by_slug(slug=slug)
    if theme is None:
        raise Http404("No theme here.")
    return calendar_response(
        meetings=selectors.calendar_meetings(theme=theme),
        name=f"{theme.name} meetings",
        filename=f"{theme.slug}-meetings.ics",
    )


# --- The contact's pages (signed manage link) ---------------------------------------------------


def _dashboard(token: str, done: str):
    return redirect(reverse("intake:manage_dashboard", kwargs={"token": token}) + f"?done={done}")


def _contact_meeting(group, public_id):
    meeting = selectors.meeting_for_contact(group_id=group.id, public_id=public_id)
    if meeting is None:
        raise Http404("No meeting of this group here.")
    return meeting


@spam.rate_limit_post("manage_edit")
@require_http_methods(["GET", "HEAD", "POST"])
@_manage_view
def manage_meeting_add(request, token, group):
    """Add a meeting to the group."""
    if group.status == group.Status.ARCHIVED:
        return redirect("intake:manage_dashboard", token=token)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_create(group_id=group.id, data=form.service_data())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return _dashboard(token, "meeting_added")
    return render(
        request,
        "meetings/manage_meeting_form.html",
        {"group": group, "form": form, "token": token, "meeting": None},
    )


@spam.rate_limit_post("manage_edit")
@require_http_methods(["GET", "HEAD", "POST"])
@_manage_view
def manage_meeting_edit(request, token, group, public_id):
    """Change a meeting, or add its papers and minutes afterwards."""
    meeting = _contact_meeting(group, public_id)
    if meeting.is_cancelled:
        return _dashboard(token, "meeting_cancelled")
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=MeetingForm.initial_for(meeting),
        meeting=meeting,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting_id=meeting.id, data=form.service_data())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return _dashboard(token, "meeting_saved")
    return render(
        request,
        "meetings/manage_meeting_form.html",
        {"group": group, "form": form, "token": token, "meeting": meeting},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@_manage_view
def manage_meeting_cancel(request, token, group, public_id):
    """Cancel a meeting (it stays in calendars, marked cancelled)."""
    meeting = _contact_meeting(group, public_id)
    if request.method == "POST":
        services.meeting_cancel(meeting_id=meeting.id)
        return _dashboard(token, "meeting_cancelled")
    return render(
        request,
        "meetings/manage_meeting_cancel.html",
        {"group": group, "token": token, "meeting": meeting},
    )
