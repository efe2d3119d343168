"""The localities' folded names, for the village picker at a nation's size."""

from django.db import migrations, models

from ct05.core.text import fold

BATCH = 5000


def fill(apps, schema_editor):
    Locality = apps.get_model("organizations", "Locality")
    batch = []
    for locality in Locality.objects.only("pk", "name").order_by("pk").iterator(chunk_size=BATCH):
        locality.search_name = fold(locality.name)
        batch.append(locality)
        if len(batch) == BATCH:
            Locality.objects.bulk_update(batch, ["search_name"])
            batch = []
    Locality.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0008_organization_search_name")]

    operations = [
        migrations.AddField(
            model_name="locality",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
