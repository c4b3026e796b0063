"""Signing in with the e-mail address and password (Django's ModelBackend), loading the
signed-in user of each request together with the moderator flag: every forum page asks
whether the reader moderates, and this spares that question its own query."""

from django.contrib.auth import backends

from .models import User


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        try:
            user = User.objects.with_moderator_flag().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
