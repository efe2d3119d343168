from django.apps import AppConfig

from ct05.core import changes
from ct05.core.changes import Records


class ReportsConfig(AppConfig):
    name = "ct05.reports"
    label = "reports"

    def ready(self):
        # The report's tallies follow the records the domain services announce as changed
        # (ct05.core.changes), in the same transaction: the domain apps never import reports.
        from . import tallies

        changes.subscribe(Records.COMMITMENTS, tallies.refresh_commitments)
        changes.subscribe(Records.RATINGS, tallies.refresh_ratings)
        changes.subscribe(Records.MEMBERSHIPS, tallies.refresh_memberships)
        changes.subscribe(Records.MEMBERSHIPS, tallies.refresh_studied_years)
        changes.subscribe(Records.STUDY, tallies.refresh_study)
        changes.subscribe(Records.STUDIED, tallies.refresh_studied)
        changes.subscribe(Records.MEETINGS, tallies.refresh_meetings)
        changes.subscribe(Records.ACTIVITIES, tallies.refresh_activities)
        changes.subscribe(Records.PLANS, tallies.refresh_plans)
        changes.subscribe(Records.EXEMPLARS, tallies.refresh_exemplars)
        changes.subscribe(Records.ETHICS_CODES, tallies.refresh_ethics_codes)
        changes.subscribe(Records.TASKS, tallies.refresh_tasks)
        changes.subscribe(Records.AWARDS, tallies.refresh_awards)
        changes.subscribe(Records.DIALOGUES, tallies.refresh_dialogues)
        changes.subscribe(Records.INDICATORS, tallies.refresh_indicators)
        changes.subscribe(Records.ORGANIZATIONS, tallies.refresh_organizations)
        changes.subscribe_moves(tallies.subtree_moved)
