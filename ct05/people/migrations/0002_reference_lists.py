from django.db import migrations

from ct05.core.text import fold
from ct05.people.data.reference import ETHNIC_GROUPS, PERSON_KINDS


def load(apps, schema_editor):
    EthnicGroup = apps.get_model("people", "EthnicGroup")
    PersonKind = apps.get_model("people", "PersonKind")
    for order, name in enumerate(ETHNIC_GROUPS, start=1):
        code = fold(name).replace(" - ", "_").replace(" ", "_")
        EthnicGroup.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(PERSON_KINDS, start=1):
        PersonKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
