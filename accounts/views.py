from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ProfileForm, StaffRequestForm
from .models import StaffRequest
from .services import staff_request_create, user_update_profile


def _profile_context(request, **forms):
    user = request.user
    return {
        "profile_form": forms.get("profile_form") or ProfileForm(instance=user),
        "staff_form": forms.get("staff_form") or StaffRequestForm(),
        "pending_request": StaffRequest.objects.filter(
            user=user, status=StaffRequest.Status.PENDING
        )
        .select_related("municipality")
        .first(),
    }


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user_update_profile(
                user=request.user,
                display_name=form.cleaned_data["display_name"],
            )
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
        return render(
            request, "accounts/profile.html", _profile_context(request, profile_form=form)
        )
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
def staff_request(request):
    form = StaffRequestForm(request.POST)
    if request.user.is_municipal_staff:
        messages.info(request, _("You are already verified as municipal staff."))
        return redirect("accounts:profile")
    if form.is_valid():
        try:
            staff_request_create(user=request.user, **form.cleaned_data)
        except ValueError:
            messages.warning(request, _("You already have a request waiting for a moderator."))
        else:
            messages.success(
                request, _("Thank you. A moderator will review your request for staff status.")
            )
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", _profile_context(request, staff_form=form))
