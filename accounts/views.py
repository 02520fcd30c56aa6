"""A person's own page (reminders, the language of email, work details) and password reset."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import LoginForm, PasswordResetForm, ProfileForm
from accounts.mail import send_after_response
from accounts.models import Profile
from accounts.permissions import is_coordinator, is_editor


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


class PasswordResetView(auth_views.PasswordResetView):
    """Answers as fast for an unknown address as for a known one: the email goes out afterwards."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        response = super().form_valid(form)
        return send_after_response(response, form.outgoing)


class LoginView(auth_views.LoginView):
    """Those who update actions land on their actions; readers, such as council members,
    on the overview, since they have no actions of their own. A ``next`` address wins."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        user = self.request.user
        if is_coordinator(user) or is_editor(user) or user.contact_actions.exists():
            return resolve_url("my_actions")
        return resolve_url("overview")
