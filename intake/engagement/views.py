"""Public views: thin steps around the services, in the shape of Wagtail's form pages."""

import contextlib

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_GET

from cms.pagination import paginate
from intake.engagement import services
from intake.engagement.forms import (
    ChampionSignupForm,
    EngagementRequestForm,
    StatusUpdateForm,
    SuccessStoryForm,
)
from intake.engagement.links import STATUS, status_token
from intake.engagement.references import reference_generate
from intake.engagement.selectors import (
    engagement_request_history,
    organisation_has_listed_champions,
    you_said_we_did_list,
)
from intake.submissions import spam
from intake.submissions.form_pages import IntakeFormView
from intake.submissions.once import sent_once
from intake.submissions.service_errors import form_add_service_errors
from intake.submissions.tokens import token_read
from intake.views import reference_recall, reference_remember
from themes.models import Theme
from themes.selectors import theme_descendant_ids


class EngagementFormView(IntakeFormView):
    """An engagement form page: a request that finds no free reference is asked to try again."""

    busy_errors = (services.ReferenceExhausted,)
    busy_message = services.TRY_AGAIN


@method_decorator(spam.rate_limit_post("engagement_request"), name="dispatch")
@method_decorator(sent_once("engagement_request"), name="dispatch")
class EngagementRequestView(EngagementFormView):
    form_class = EngagementRequestForm
    template_name = "engagement/request_form.html"
    title = "Ask a producer for engagement"
    prefill = ("theme", "organisation", "kind")

    def process_form_submission(self, form):
        """Store the request and route it to the organisation's champions."""
        return services.engagement_request_submit(data=form.cleaned_data)

    def render_landing_page(self, request, result):
        """Redirect to the confirmation with the reference (a made-up one for bots)."""
        reference = result.reference if result is not None else reference_generate()
        token = status_token(reference=reference)
        return redirect("engagement:request_sent", token=token)


@require_GET
def engagement_request_sent(request, token):
    """The confirmation panel with the reference and a link to the status page."""
    payload = token_read(purpose=STATUS, token=token)
    if not payload or not isinstance(payload.get("r"), str):
        return render(request, "engagement/invalid_link.html", status=404)
    return render(
        request,
        "engagement/request_sent.html",
        {
            "reference": payload["r"],
            "status_url": reverse("engagement:request_status", kwargs={"token": token}),
        },
    )


@require_GET
def engagement_request_status(request, token):
    """The requester's status page, reached through the signed link in their emails."""
    try:
        engagement_request = services.engagement_request_for_status_token(token=token)
    except ValidationError:
        return render(request, "engagement/invalid_link.html", status=404)
    return render(
        request,
        "engagement/request_status.html",
        {
            "engagement_request": engagement_request,
            "history": engagement_request_history(engagement_request_id=engagement_request.id),
            # Late requests remind the organisation's listed champions once a day; say so
            # only where there is someone to remind.
            "champions_reminded": engagement_request.is_overdue()
            and organisation_has_listed_champions(
                organisation_id=engagement_request.organisation_id
            ),
        },
    )


@method_decorator(spam.rate_limit_post("engagement_champion"), name="dispatch")
class ChampionRequestView(View):
    """A champion's page for one request: read it and move it on, through their signed link."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.engagement_request = self.champion = None
        with contextlib.suppress(ValidationError):
            self.engagement_request, self.champion = services.engagement_request_for_champion_token(
                token=kwargs.get("token", "")
            )

    def get_form(self, request):
        allowed = services.engagement_request_allowed_statuses(
            current=self.engagement_request.status
        )
        data = request.POST if request.method == "POST" else None
        return StatusUpdateForm(data=data, allowed_statuses=allowed)

    def get(self, request, token):
        if self.engagement_request is None:
            return render(request, "engagement/invalid_link.html", status=404)
        return self.render_page(request, self.get_form(request))

    def post(self, request, token):
        if self.engagement_request is None:
            return render(request, "engagement/invalid_link.html", status=404)
        form = self.get_form(request)
        if form.is_valid():
            try:
                services.engagement_request_transition(
                    engagement_request_id=self.engagement_request.id,
                    to_status=form.cleaned_data["status"],
                    response=form.cleaned_data["response"],
                    champion_id=self.champion.id,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect(f"{request.path}?updated=1")
        return self.render_page(request, form)

    def render_page(self, request, form):
        return render(
            request,
            "engagement/champion_request.html",
            {
                "engagement_request": self.engagement_request,
                "champion": self.champion,
                "history": engagement_request_history(
                    engagement_request_id=self.engagement_request.id
                ),
                "form": form if form.fields["status"].choices else None,
                "updated": request.GET.get("updated") == "1",
            },
        )


@require_GET
def you_said_we_did(request):
    """Answered requests whose requesters agreed to publication, in the editors' words."""
    items = you_said_we_did_list()
    theme = None
    slug = request.GET.get("theme")
    if isinstance(slug, str) and slug:
        theme = Theme.objects.filter(slug=slug[:120]).first()
        if theme is not None:
            items = items.filter(theme_id__in=list(theme_descendant_ids(theme_ids=[theme.id])))
    page = paginate(request, items, per_page=20)
    return render(request, "engagement/you_said_we_did.html", {"page_obj": page, "theme": theme})


@method_decorator(spam.rate_limit_post("success_story"), name="dispatch")
@method_decorator(sent_once("success_story"), name="dispatch")
class SuccessStoryView(EngagementFormView):
    form_class = SuccessStoryForm
    template_name = "engagement/success_form.html"
    title = "Share a success"
    prefill = ("organisation",)

    def process_form_submission(self, form):
        """Create the draft case study and put it into the editors' workflow."""
        return services.success_story_submit(
            data=form.cleaned_data,
            image=form.cleaned_data.get("image"),
            image_extension=getattr(form, "image_extension", ""),
        )

    def render_landing_page(self, request, result):
        reference_remember(request, getattr(result, "reference", ""))
        return redirect("engagement:success_sent")


@method_decorator(spam.rate_limit_post("champion_signup"), name="dispatch")
@method_decorator(sent_once("champion_signup"), name="dispatch")
class ChampionSignupView(EngagementFormView):
    form_class = ChampionSignupForm
    template_name = "engagement/champion_signup_form.html"
    title = "Become a user engagement champion"
    prefill = ("organisation",)

    def process_form_submission(self, form):
        """Store the sign-up for an editor to approve."""
        return services.champion_signup_submit(data=form.cleaned_data)

    def render_landing_page(self, request, result):
        reference_remember(request, getattr(result, "reference", ""))
        return redirect("engagement:champion_signup_sent")


@require_GET
def success_sent(request):
    return render(request, "engagement/success_sent.html", {"reference": reference_recall(request)})


@require_GET
def champion_signup_sent(request):
    return render(
        request, "engagement/champion_signup_sent.html", {"reference": reference_recall(request)}
    )
