"""The shape of every public form page: Django's ``FormView`` in the steps of Wagtail's form
pages (build the form, process the submission, render the landing page), so that each step can
be overridden alone. A honeypot answer goes straight to the landing page and saves nothing; a
service's refusal is shown on the form, against the field it names."""

from django.core.exceptions import ValidationError
from django.views.generic import FormView

from intake.submissions import spam
from intake.submissions.service_errors import form_add_service_errors


class IntakeFormView(FormView):
    # FormView would take a PUT as a POST; these pages answer only what a browser sends.
    http_method_names = ["get", "head", "post", "options"]
    title = ""
    # Answers that may be chosen from a link, like ``?theme=housing`` from a theme's search page.
    prefill: tuple[str, ...] = ()
    # Refusals that mean "try again in a minute" (answered 503), and what the person is told.
    busy_errors: tuple[type[Exception], ...] = ()
    busy_message = ""

    def get_initial(self) -> dict:
        get = self.request.GET
        return {
            name: get[name][:120]
            for name in self.prefill
            if isinstance(get.get(name), str) and get[name]
        }

    def get_context_data(self, **kwargs) -> dict:
        if self.title:
            kwargs.setdefault("title", self.title)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if spam.honeypot_filled(data=request.POST):
            # Bots get the normal landing page; nothing is saved.
            return self.render_landing_page(request, None)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            result = self.process_form_submission(form)
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        except self.busy_errors:
            form.add_error(None, self.busy_message)
            return self.render_to_response(self.get_context_data(form=form), status=503)
        return self.render_landing_page(self.request, result)

    def process_form_submission(self, form):
        """Call the service; return what the landing page needs."""
        raise NotImplementedError

    def render_landing_page(self, request, result):
        """Where the submission ends (``result`` is None for a honeypot answer)."""
        raise NotImplementedError
