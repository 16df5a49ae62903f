"""The administrators' view in the Wagtail admin: look up one person's data, export or erase it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from intake.privacy import registry
from intake.privacy.forms import PersonalDataLookupForm
from intake.privacy.models import PersonalDataAction

PERMISSION = "privacy.manage_personal_data"


@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def personal_data_home(request):
    """Look up an email address, then export or erase what the hub holds about it.

    Everything is POSTed so the address never appears in a URL or an access log.
    """
    form = PersonalDataLookupForm()
    found = None
    if request.method == "POST":
        form = PersonalDataLookupForm(data=request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            action = request.POST.get("action", "lookup")
            if action in ("export_json", "export_csv"):
                return _export(request, email=email, as_csv=action == "export_csv")
            if action == "erase":
                if request.POST.get("confirm") == "yes":
                    summary = registry.personal_data_erase(email=email, performed_by=request.user)
                    messages.success(
                        request,
                        f"Erased {sum(summary.values())} records about that email address.",
                    )
                    return redirect("privacy_admin:personal_data")
                form.add_error(None, "Tick the box to confirm you want to erase everything.")
            found = registry.personal_data_collect(email=email)
    labels = {key: source.label for key, source in registry.REGISTRY.items()}
    summary = [{"label": labels[key], "count": len(rows)} for key, rows in (found or {}).items()]
    return TemplateResponse(
        request,
        "privacy/admin/personal_data.html",
        {
            "form": form,
            "found": found is not None,
            "summary": summary,
            "recent": PersonalDataAction.objects.select_related("performed_by")[:10],
        },
    )


def _export(request, *, email: str, as_csv: bool) -> HttpResponse:
    data = registry.personal_data_collect(email=email)
    PersonalDataAction.objects.create(
        action=PersonalDataAction.Action.EXPORT,
        performed_by=request.user,
        summary={key: len(rows) for key, rows in data.items()},
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    if as_csv:
        response = HttpResponse(
            registry.personal_data_export_csv(data=data), content_type="text/csv"
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.csv"'
    else:
        response = HttpResponse(
            registry.personal_data_export_json(data=data), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response
