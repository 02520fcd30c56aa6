"""A person's own page: reminders, the language of email, and work details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import ProfileForm
from accounts.models import Profile


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    # People created outside the admin (single sign-on, the shell) may have no profile yet.
    profile, _created = Profile.objects.get_or_create(user=request.user)
    if request.method == "GET":
        form = ProfileForm(instance=profile)
    else:
        form = ProfileForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": profile})
