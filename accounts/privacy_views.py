"""Download my data and delete my account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .deletion import account_delete
from .export import ExportInProgress, export_for_download, export_request
from .models import DataExport
from .privacy_forms import AccountDeleteForm


@never_cache
@login_required
def export(request):
    if request.method == "POST":
        try:
            export_request(user=request.user)
        except ExportInProgress:
            messages.info(
                request,
                _("Your data is already being prepared. We will e-mail you when it is ready."),
            )
        else:
            messages.success(
                request,
                _(
                    "We are preparing your data. You will receive an e-mail with a download "
                    "link when it is ready."
                ),
            )
        return redirect("accounts:export")
    latest = DataExport.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/export.html",
        {"latest": latest, "export_days": settings.PRIVACY_EXPORT_DAYS},
    )


@never_cache
@login_required
def export_download(request, token: str):
    data_export = export_for_download(signed_token=token, user=request.user)
    if data_export is None:
        raise Http404(_("This download link is not valid or has expired."))
    return FileResponse(
        data_export.file.open("rb"),
        as_attachment=True,
        filename=f"smartcity-data-{data_export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@never_cache
@login_required
def delete(request):
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
