from django.db import migrations

TERMS = [("2015–2020", 2015, 2020), ("2020–2025", 2020, 2025), ("2025–2030", 2025, 2030)]


def add_terms(apps, schema_editor):
    Term = apps.get_model("tasks", "Term")
    for name, start, end in TERMS:
        Term.objects.get_or_create(start_year=start, defaults={"name": name, "end_year": end})


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]

    operations = [migrations.RunPython(add_terms, migrations.RunPython.noop)]
