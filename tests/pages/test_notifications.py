"""The bell in the header and the user's own notifications."""

import datetime

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ct05.notifications.models import Notification
from ct05.notifications.services import notify

from .conftest import text

LIST = reverse("notification-list")
LAST_YEAR = timezone.localdate().year - 1


def remind(day=None):
    call_command("remind", date=(day or datetime.date(LAST_YEAR, 3, 26)).isoformat())


def bell(page: str) -> str:
    return page.split('id="bell"')[1].split("</a>")[0]


def test_the_bell_counts_the_unread(client, world):
    remind()
    notify(user=world.bithu1, key="other", title="Nhắc việc khác")
    client.force_login(world.bithu1)
    page = text(client.get(reverse("home")))
    assert '<span class="bell-count" data-unread>2</span>' in bell(page)
    assert 'aria-label="Thông báo: 2 chưa đọc"' in page
    client.force_login(world.bithu2)  # cell B1 has no March meeting either: its own reminder
    assert '<span class="bell-count" data-unread>1</span>' in bell(text(client.get(LIST)))
    client.force_login(world.dangvien1)
    assert "bell-count" not in bell(text(client.get(reverse("home"))))


def test_the_list_shows_the_reminder_in_vietnamese(client, world):
    remind()
    client.force_login(world.bithu1)
    page = text(client.get(LIST))
    assert "<h1>Thông báo</h1>" in page
    assert f"Chi bộ thôn A1 chưa ghi sinh hoạt thường kỳ tháng 03/{LAST_YEAR}" in page
    assert "Mới" in page
    assert "Đánh dấu tất cả đã đọc" in page


def test_open_marks_read_and_goes_to_recording_the_cells_meeting(client, world):
    remind()
    notification = Notification.objects.get(user=world.bithu1)
    client.force_login(world.bithu1)
    response = client.post(reverse("notification-read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('meeting-create')}?organization={world.cell_a1.pk}"
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = text(client.get(response["Location"]))
    assert "Ghi cuộc sinh hoạt" in page
    assert f'<option value="{world.cell_a1.pk}" selected>' in page
    assert "bell-count" not in bell(page)


def test_mark_one_read_stays_on_the_list(client, world):
    notification = notify(user=world.bithu1, key="k", title="Một", url="https://evil.example/")
    client.force_login(world.bithu1)
    response = client.post(reverse("notification-read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == LIST  # never to another site
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read(client, world):
    notify(user=world.bithu1, key="a", title="Một")
    notify(user=world.bithu1, key="b", title="Hai")
    theirs = notify(user=world.bithu2, key="a", title="Của người khác")
    client.force_login(world.bithu1)
    response = client.post(reverse("notification-read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=world.bithu1, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Đã đánh dấu tất cả thông báo là đã đọc" in text(client.get(LIST))


def test_someone_elses_notification_is_404(client, world):
    theirs = notify(user=world.bithu2, key="a", title="Của bí thư chi bộ B1")
    client.force_login(world.bithu1)
    assert "Của bí thư chi bộ B1" not in text(client.get(LIST))
    assert client.post(reverse("notification-read", args=[theirs.pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.post(reverse("notification-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_empty_list_and_the_login_wall(client, world):
    client.force_login(world.outsider)
    assert "Đồng chí chưa có thông báo nào" in text(client.get(LIST))
    client.logout()
    response = client.get(LIST)
    assert response.status_code == 302 and "/login/" in response["Location"]


# A shared cache of its own (Redis in a busy province); the database's table is not asked.
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_the_bell_is_read_from_the_shared_cache_and_renewed_when_a_notification_comes(
    client, world
):
    notify(user=world.bithu1, key="first", title="Nhắc việc thứ nhất")
    client.force_login(world.bithu1)
    assert '<span class="bell-count" data-unread>1</span>' in bell(text(client.get(LIST)))
    with CaptureQueriesContext(connection) as second:
        page = text(client.get(reverse("home")))
    assert '<span class="bell-count" data-unread>1</span>' in bell(page)
    counted = [q for q in second.captured_queries if "notifications_notification" in q["sql"]]
    assert counted == []  # the count was kept
    notify(user=world.bithu1, key="second", title="Nhắc việc thứ hai")
    assert '<span class="bell-count" data-unread>2</span>' in bell(text(client.get(LIST)))
    Notification.objects.filter(user=world.bithu1).delete()
    assert "bell-count" not in bell(text(client.get(reverse("home"))))
