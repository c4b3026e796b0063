from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartcity.forms import add_service_errors

from .appeals import appeal_status, appeal_submit, appealable_kind
from .forms import AppealForm


@login_required
def appeal_create(request, kind: str, pk: int):
    """The author of a rejected or hidden item appeals the decision (GET shows where the
    appeal stands, POST appeals)."""
    appealable = appealable_kind(kind)
    if appealable is None:
        raise Http404
    obj = get_object_or_404(appealable.model, pk=pk)
    if appealable.author_id(obj) != request.user.pk:
        raise Http404
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal_submit(obj=obj, by=request.user, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your appeal has been sent. A second moderator will look at it.")
            )
            return redirect(appealable.url(obj))
    return render(
        request,
        "moderation/appeal_form.html",
        {
            "form": form,
            "status": appeal_status(obj, user=request.user),
            "kind_label": appealable.label,
            "title": appealable.title(obj),
            "text": appealable.text(obj),
            "url": appealable.url(obj),
        },
        status=400 if request.method == "POST" else 200,
    )
