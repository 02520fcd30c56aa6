from django.db import migrations

COORDINATOR = "Ohjelmakoordinaattorit"


def grant_view(apps, schema_editor):
    """Coordinators read the reminder log in the admin (nobody edits it there)."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("reminders")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=COORDINATOR).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="reminders", codename="view_reminder"
            )
        )


def revoke_view(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="reminders").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant_view, revoke_view)]
