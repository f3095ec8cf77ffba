"""A fresh database gets the calendar chinesecalendar knows, through the same function `calendar seed` uses."""

from django.db import migrations


def seed(apps, schema_editor) -> None:
    from sunlight.clock.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("clock", "0001_working_day_calendar")]

    # Reversing leaves the rows: they are data, and the table goes with 0001 anyway.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
