from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PROPAGANDA = "propaganda", _("Propaganda officer")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class Action(models.TextChoices):
    VIEW = "view"
    CHANGE = "change"


# Which roles may do what on the records of their subtree. A member may read their subtree and
# change only their own records; that per-row rule lives in the services (``is_self``).
ROLE_ACTIONS = {
    Role.ADMIN: {Action.VIEW, Action.CHANGE},
    Role.PROPAGANDA: {Action.VIEW, Action.CHANGE},
    Role.SECRETARY: {Action.VIEW, Action.CHANGE},
    Role.MEMBER: {Action.VIEW},
    Role.VIEWER: {Action.VIEW},
}
