# The to-do list (from workbench) and the public revision counters (from portal) move under the domains, into the
# notify kernel app. State only: the tables keep their names and rows.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workbench", "0003_setting_proposal"),
        ("portal", "0001_public_content_revisions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Todo",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=120)),
                        ("title", models.CharField(max_length=200, verbose_name="事项")),
                        ("detail", models.TextField(blank=True, verbose_name="说明")),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="链接")),
                        ("level", models.CharField(choices=[("info", "提示"), ("warning", "预警"), ("danger", "紧急")], default="info", max_length=10, verbose_name="级别")),
                        ("due", models.DateField(blank=True, null=True, verbose_name="期限")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="完成时间")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="todos", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "workbench_todo",
                        "verbose_name": "待办",
                        "verbose_name_plural": "待办",
                        "ordering": ["done_at", "due", "-created_at"],
                        "constraints": [models.UniqueConstraint(fields=("user", "key"), name="unique_todo_key_per_user")],
                    },
                ),
                migrations.CreateModel(
                    name="PublicRevision",
                    fields=[
                        ("area", models.CharField(max_length=30, primary_key=True, serialize=False)),
                        ("n", models.PositiveBigIntegerField(default=0)),
                    ],
                    options={"db_table": "portal_publicrevision", "verbose_name": "公开内容版本"},
                ),
            ],
            database_operations=[],
        ),
    ]
