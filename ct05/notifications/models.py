"""In-app notifications (reminders). ``key`` makes sending idempotent: one per user and key."""

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=120)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")
        ]

    def __str__(self) -> str:
        return self.title


# The bell's unread count, kept in the shared cache for a minute at most (every page shows it):
# forgotten when one of the user's notifications is saved or deleted (at once, and again once
# the change commits, so a page that read the count before the commit keeps it no longer). Not
# when the shared cache is the database's own table: reading it costs what counting costs.
UNREAD_SECONDS = 60


def _kept() -> bool:
    return not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def unread_key(user_id: int) -> str:
    return f"ct05:notifications:unread:{user_id}"


def _counted(user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()


def unread_count(user_id: int) -> int:
    if not _kept():
        return _counted(user_id)
    key = unread_key(user_id)
    count = cache.get(key)
    if count is None:
        count = _counted(user_id)
        cache.set(key, count, UNREAD_SECONDS)
    return count


def forget_unread(user_id: int) -> None:
    if not _kept():
        return
    key = unread_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _changed(sender, instance, **kwargs) -> None:
    forget_unread(instance.user_id)


models.signals.post_save.connect(_changed, sender=Notification, dispatch_uid="unread-saved")
models.signals.post_delete.connect(_changed, sender=Notification, dispatch_uid="unread-deleted")
