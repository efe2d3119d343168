import datetime

from django.core.management.base import BaseCommand, CommandError

from ct05.notifications.services import remind_missing_regular_meetings


class Command(BaseCommand):
    help = (
        "Send due reminders (meant for cron, e.g. daily). Safe to run twice: each reminder "
        "goes once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as on this day (YYYY-MM-DD); default today")

    def handle(self, date=None, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        sent = remind_missing_regular_meetings(day)
        self.stdout.write(f"{sent} reminder(s) sent.")
