from django.db import migrations

COORDINATOR = "Ohjelmakoordinaattorit"


def grant(apps, schema_editor):
    """Coordinators write the monitoring reports in the admin and mark them handled."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=COORDINATOR).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="reports",
                content_type__model__in=["monitoringreport", "historicalmonitoringreport"],
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="reports",
        content_type__model__in=["monitoringreport", "historicalmonitoringreport"],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_monitoring_report"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
