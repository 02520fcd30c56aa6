import django.db.models.deletion
from django.db import migrations, models

from indicators.verdicts import verdict_for


def store_verdicts(apps, schema_editor):
    """Judge every indicator's series once, as ``indicators.stored_verdicts`` does."""
    Indicator = apps.get_model("indicators", "Indicator")
    StoredVerdict = apps.get_model("indicators", "StoredVerdict")
    rows = []
    for indicator in Indicator.objects.prefetch_related("targets", "values"):
        verdict = verdict_for(indicator)
        rows.append(StoredVerdict(indicator=indicator, code=verdict.kind, ratio=verdict.ratio))
    StoredVerdict.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_content_translations"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoredVerdict",
            fields=[
                (
                    "indicator",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stored_verdict",
                        serialize=False,
                        to="indicators.indicator",
                        verbose_name="indicator",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("achieved", "target achieved"),
                            ("on_track", "on track"),
                            ("acceleration_needed", "progress, acceleration needed"),
                            ("limited_progress", "limited progress"),
                            ("wrong_direction", "moving the wrong way"),
                            ("missed", "target missed"),
                            ("not_enough_data", "not enough data"),
                        ],
                        max_length=20,
                        verbose_name="verdict",
                    ),
                ),
                (
                    "ratio",
                    models.FloatField(
                        null=True, verbose_name="ratio of the actual to the required rate"
                    ),
                ),
            ],
            options={
                "verbose_name": "stored verdict",
                "verbose_name_plural": "stored verdicts",
            },
        ),
        migrations.RunPython(store_verdicts, migrations.RunPython.noop, elidable=True),
    ]
