"""The outbox's own admin view: the emails it gave up on, sent again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from intake.submissions.emails import email_resend
from intake.submissions.models import OutboundEmail


def email_resend_view(request):
    """List the emails the outbox gave up on, and queue them again (all, or those posted)."""
    if not request.user.has_perm("submissions.view_outboundemail"):
        raise PermissionDenied
    back = reverse("intake_outboundemail_modeladmin_index")
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("email") if pk.isdigit()]
        count = email_resend(email_ids=chosen)
        messages.success(
            request, f"Queued {count} email{'' if count == 1 else 's'} to be sent again."
        )
        return redirect(back)
    emails = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).order_by(
        "created_at"
    )[:500]
    return TemplateResponse(
        request, "intake/admin/email_resend.html", {"emails": list(emails), "back": back}
    )
