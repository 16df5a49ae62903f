"""Moderation views added to the modeladmin for group registrations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from intake import imports, services
from intake.forms import DecisionForm, HandoverForm
from intake.models import GroupChange, GroupImport, UserGroup

ACTIONS = {
    "approve": {
        "title": "Approve",
        "verb": "Approve and list the group",
        "label": "Note for the record (optional)",
        "required": False,
        "done": "Approved and listed “{name}”. The contact has been emailed.",
    },
    "reject": {
        "title": "Reject",
        "verb": "Reject the registration",
        "label": "Reason (the contact will see it)",
        "required": True,
        "done": "Rejected “{name}”. The contact has been emailed the reason.",
    },
    "request_changes": {
        "title": "Ask for changes to",
        "verb": "Send back for changes",
        "label": "What needs to change (the contact will see it)",
        "required": True,
        "done": "Sent “{name}” back for changes. The contact has been emailed.",
    },
}


def _require_moderator(request):
    if not request.user.has_perm("intake.change_usergroup"):
        raise PermissionDenied


def _index_url() -> str:
    return reverse("intake_usergroup_modeladmin_index")


def _inspect_url(pk) -> str:
    return reverse("intake_usergroup_modeladmin_inspect", args=[pk])


def decide(request, instance_pk: int, action: str):
    """Approve, reject with a reason, or ask for changes with a message."""
    _require_moderator(request)
    if action not in ACTIONS:
        raise PermissionDenied
    group = get_object_or_404(UserGroup, pk=instance_pk, email_verified_at__isnull=False)
    spec = ACTIONS[action]
    form = DecisionForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].label = spec["label"]
    form.fields["reason"].required = spec["required"]
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if action == "approve":
                services.group_approve(group_id=group.pk, decided_by=request.user, reason=reason)
            elif action == "reject":
                services.group_reject(group_id=group.pk, decided_by=request.user, reason=reason)
            else:
                services.group_request_changes(
                    group_id=group.pk, decided_by=request.user, message=reason
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_inspect_url(group.pk))
        messages.success(request, spec["done"].format(name=group.name))
        return redirect(_index_url())
    return TemplateResponse(
        request,
        "intake/admin/decide.html",
        {
            "group": group,
            "form": form,
            "spec": spec,
            "action": action,
            "back": _inspect_url(group.pk),
        },
    )


def _change_rows_for(change: GroupChange) -> list[dict]:
    from intake.wagtail_hooks import _change_rows  # the hooks module imports this one

    return _change_rows(change.group, change)


def decide_change(request, change_id: int, action: str):
    """Approve or reject an edit a contact proposed to a listed group."""
    _require_moderator(request)
    change = get_object_or_404(GroupChange.objects.select_related("group"), pk=change_id)
    if action not in ("approve", "reject"):
        raise PermissionDenied
    form = DecisionForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].label = (
        "Reason (the contact will see it)" if action == "reject" else "Note (optional)"
    )
    form.fields["reason"].required = action == "reject"
    if request.method == "POST" and form.is_valid():
        try:
            if action == "approve":
                services.group_change_approve(change_id=change.pk, decided_by=request.user)
            else:
                services.group_change_reject(
                    change_id=change.pk,
                    decided_by=request.user,
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{'Approved' if action == 'approve' else 'Rejected'} the edit to "
                f"“{change.group.name}”. The contact has been emailed.",
            )
        return redirect(_inspect_url(change.group_id))
    return TemplateResponse(
        request,
        "intake/admin/decide.html",
        {
            "group": change.group,
            "form": form,
            "spec": {
                "title": "Approve the edit to" if action == "approve" else "Reject the edit to",
                "verb": "Approve the edit" if action == "approve" else "Reject the edit",
            },
            "action": action,
            "back": _inspect_url(change.group_id),
            "change_rows": _change_rows_for(change),
        },
    )


def bulk(request):
    """Approve or reject several registrations waiting for a decision at once."""
    _require_moderator(request)
    waiting = (
        UserGroup.objects.filter(
            email_verified_at__isnull=False,
            status__in=[UserGroup.Status.PENDING, UserGroup.Status.CHANGES_REQUESTED],
        )
        .select_related("administering_body")
        .order_by("created_at")
    )
    error = ""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("group") if v.isdigit()]
        action = request.POST.get("action")
        reason = request.POST.get("reason", "")
        if not ids:
            error = "Select at least one registration."
        elif action not in ("approve", "reject"):
            error = "Choose approve or reject."
        else:
            try:
                result = services.group_bulk_decide(
                    group_ids=ids, action=action, decided_by=request.user, reason=reason
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                verb = "Approved" if action == "approve" else "Rejected"
                note = f" {result['skipped']} skipped." if result["skipped"] else ""
                messages.success(request, f"{verb} {result['done']} registrations.{note}")
                return redirect(_index_url())
    return TemplateResponse(
        request, "intake/admin/bulk.html", {"groups": waiting, "error": error, "back": _index_url()}
    )


# --- The audit import -------------------------------------------------------------------------


def _import_index_url() -> str:
    return reverse("intake_group_import")


def group_import(request):
    """Upload an audit spreadsheet and see the validation report before anything is written."""
    _require_moderator(request)
    context = {
        "columns": imports.COLUMNS,
        "recent": GroupImport.objects.select_related("uploaded_by", "applied_by")[:20],
        "error": "",
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = "Select a CSV or Excel file."
        else:
            try:
                batch, report = imports.group_import_check(
                    file_name=upload.name,
                    content=upload.read(imports.MAX_BYTES + 1),
                    uploaded_by=request.user,
                )
            except imports.ImportFileError as exc:
                context["error"] = str(exc)
            else:
                return TemplateResponse(
                    request,
                    "intake/admin/import_report.html",
                    {"batch": batch, "report": report, "back": _import_index_url()},
                )
    return TemplateResponse(request, "intake/admin/import.html", context)


def group_import_apply(request, import_id: int):
    """Apply a checked import: everything or nothing."""
    _require_moderator(request)
    if request.method != "POST":
        return redirect(_import_index_url())
    try:
        batch = imports.group_import_apply(import_id=import_id, applied_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        counts = batch.counts
        messages.success(
            request,
            f"Imported “{batch.file_name}”: {counts['created']} listings created, "
            f"{counts['updated']} updated, {counts['skipped']} skipped. "
            "New contacts have been emailed a link to confirm their listing.",
        )
    return redirect(_import_index_url())


def group_import_template(request, kind: str):
    """The template with the columns (and, in the workbook, the allowed values)."""

    _require_moderator(request)
    if kind not in ("csv", "xlsx"):
        raise PermissionDenied
    if kind == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="group-audit-template.{kind}"'
    return response


# --- The re-confirmation cycle: what editors can do with a listing nobody confirms ------------

CONFIRMATION_ACTIONS = {
    "confirm": {
        "title": "Confirm on the contact's behalf:",
        "verb": "Confirm the listing",
        "label": "Note for the record: how you know the listing is right",
        "required": True,
        "done": "Confirmed “{name}” on the contact's behalf. A new cycle has started.",
    },
    "chase": {
        "title": "Chase the contact of",
        "verb": "Send the contact a reminder",
        "label": "Note for the record (optional)",
        "required": False,
        "done": "Sent the contact of “{name}” a reminder with a new link.",
    },
    "archive": {
        "title": "Archive",
        "verb": "Archive the listing",
        "label": "Reason (for the record)",
        "required": True,
        "done": "Archived “{name}”.",
    },
}


def confirmation_action(request, instance_pk: int, action: str):
    """Chase the contact, confirm on their behalf with a note, or archive the listing."""
    _require_moderator(request)
    if action not in CONFIRMATION_ACTIONS:
        raise PermissionDenied
    group = get_object_or_404(UserGroup, pk=instance_pk)
    spec = CONFIRMATION_ACTIONS[action]
    form = DecisionForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].label = spec["label"]
    form.fields["reason"].required = spec["required"]
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        service = {
            "confirm": lambda: services.group_confirm_on_behalf(
                group_id=group.pk, decided_by=request.user, note=reason
            ),
            "chase": lambda: services.group_chase(
                group_id=group.pk, decided_by=request.user, note=reason
            ),
            "archive": lambda: services.group_archive_by_editor(
                group_id=group.pk, decided_by=request.user, reason=reason
            ),
        }[action]
        try:
            service()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, spec["done"].format(name=group.name))
        return redirect(_inspect_url(group.pk))
    return TemplateResponse(
        request,
        "intake/admin/decide.html",
        {
            "group": group,
            "form": form,
            "spec": spec,
            "action": action,
            "back": _inspect_url(group.pk),
        },
    )


def handover(request, instance_pk: int):
    """Hand a listing to a new contact when the old one has left; the new one confirms."""
    _require_moderator(request)
    group = get_object_or_404(UserGroup, pk=instance_pk)
    form = HandoverForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_handover_request(
                group_id=group.pk,
                new_name=form.cleaned_data["new_contact_name"],
                new_email=form.cleaned_data["new_contact_email"],
                requested_by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Asked {form.cleaned_data['new_contact_name']} to confirm they are taking over "
                f"“{group.name}”. Nothing changes until they do.",
            )
            return redirect(_inspect_url(group.pk))
    return TemplateResponse(
        request,
        "intake/admin/handover.html",
        {"group": group, "form": form, "back": _inspect_url(group.pk)},
    )
