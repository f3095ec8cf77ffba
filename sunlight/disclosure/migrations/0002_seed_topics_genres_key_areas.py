from django.db import migrations


def seed(apps, schema_editor):
    from sunlight.disclosure.taxonomy import seed_taxonomies

    seed_taxonomies(apps)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_documents_review_and_catalog_taxonomies")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
