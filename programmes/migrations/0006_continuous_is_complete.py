from django.db import migrations


def continuous_is_100(apps, schema_editor):
    """Continuous work counts as 100 % in every roll-up; its recorded figure says so too."""
    Action = apps.get_model("programmes", "Action")
    Action.objects.filter(status__in=["continuous", "completed"]).update(completion_percent=100)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0005_headline_indicator")]

    operations = [migrations.RunPython(continuous_is_100, migrations.RunPython.noop)]
