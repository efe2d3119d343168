"""The ``ct05`` console command: Django's management command line for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ct05.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ct05", *sys.argv[1:]])


if __name__ == "__main__":
    main()
