"""The organizations' folded names, for the pickers and the search at a nation's size."""

from django.db import migrations, models

from ct05.core.text import fold

BATCH = 5000


def fill(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    rows = Organization.objects.only("pk", "name").order_by("pk")
    batch = []
    for organization in rows.iterator(chunk_size=BATCH):
        organization.search_name = fold(organization.name)
        batch.append(organization)
        if len(batch) == BATCH:
            Organization.objects.bulk_update(batch, ["search_name"])
            batch = []
    Organization.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0007_central_committee")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
