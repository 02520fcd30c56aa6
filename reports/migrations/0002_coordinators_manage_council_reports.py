from django.db import migrations

COORDINATOR = "Ohjelmakoordinaattorit"


def grant(apps, schema_editor):
    """Coordinators record the council reports in the admin, like the rest of the structure."""
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
                content_type__app_label="reports", content_type__model="councilreport"
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="reports").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
