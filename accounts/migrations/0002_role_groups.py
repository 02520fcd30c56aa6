from django.db import migrations

GROUPS = ["Ohjelmakoordinaattorit", "Toimenpiteiden päivittäjät", "Lukijat"]

# The coordinators edit the structure in the admin; these are the model permissions the
# admin checks. Editors and viewers work in the service's own pages, not in the admin.
COORDINATOR_MODELS = {
    "programmes": [
        "strategy",
        "strategicgoal",
        "responsibleunit",
        "programme",
        "goallevel",
        "goalnode",
        "action",
        "actionresponsibility",
        "actionstatusupdate",
    ],
    "indicators": ["indicator", "indicatortarget", "indicatorvalue"],
    "accounts": ["profile"],
    "auth": ["user"],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    coordinator = Group.objects.get(name=GROUPS[0])
    for app_label, models in COORDINATOR_MODELS.items():
        coordinator.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0003_history_and_submission_key"),
        ("indicators", "0003_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
