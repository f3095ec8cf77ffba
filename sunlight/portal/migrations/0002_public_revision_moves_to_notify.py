# The public revision counters moved to the notify kernel app (sunlight/notify); the table stays. State only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_public_content_revisions"),
        ("notify", "0001_todo_and_public_revision_move_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PublicRevision")], database_operations=[]
        ),
    ]
