import datetime

from django.core.management.base import BaseCommand, CommandError

from ct05.notifications.services import send_due_reminders
from ct05.notifications.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Send due reminders (meant for cron, e.g. daily). Safe to run twice: each reminder "
        "goes once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as on this day (YYYY-MM-DD); default today")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue them for the task worker (ct05 db_worker) instead of sending now",
        )

    def handle(self, date=None, enqueue=False, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        if enqueue:
            result = send_reminders.enqueue(day.isoformat() if day else None)
            self.stdout.write(f"Queued for the worker: task {result.id}.")
            return
        sent = send_due_reminders(day)
        self.stdout.write(f"{sent} reminder(s) sent.")
