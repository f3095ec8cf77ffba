# The to-do list moved to the notify kernel app (sunlight/notify); its table stays. State only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workbench", "0003_setting_proposal"),
        ("notify", "0001_todo_and_public_revision_move_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Todo")], database_operations=[]),
    ]
