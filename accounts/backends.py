"""Signing in with the e-mail address and password (Django's ModelBackend), loading the
signed-in user of each request together with the moderator flag: every forum page asks
whether the reader moderates, and this spares that question its own query."""

from django.contrib.auth import backends
from django.contrib.auth.models import Group

from .models import User
from .roles import MODERATORS_GROUP

# The user row and the moderator flag (UserManager.with_moderator_flag) in plain SQL: this
# runs on every signed-in request, and building it with the ORM took longer than running it.
_USER_SQL = """
SELECT u.*, EXISTS (
    SELECT 1 FROM {user_groups} ug INNER JOIN {group} g ON g.id = ug.group_id
    WHERE ug.user_id = u.id AND g.name = %s
) AS in_moderators
FROM {user} u WHERE u.id = %s
"""


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        sql = _USER_SQL.format(
            user_groups=User.groups.through._meta.db_table,
            group=Group._meta.db_table,
            user=User._meta.db_table,
        )
        found = list(User.objects.raw(sql, [MODERATORS_GROUP, user_id]))
        if not found:
            return None
        user = found[0]
        user.in_moderators = bool(user.in_moderators)
        return user if self.user_can_authenticate(user) else None
