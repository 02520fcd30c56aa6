from django.urls import path

from programmes.views import actions, bottlenecks, changes, goals, overview, updates

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("rules/", overview.rules, name="rules"),
    path("glossary/", overview.glossary, name="glossary"),
    path("accessibility/", overview.accessibility, name="accessibility"),
    path("privacy/", overview.privacy, name="privacy"),
    path("ladder/", goals.ladder, name="ladder"),
    path("ladder/<int:pk>/", goals.ladder_rung, name="ladder_rung"),
    path("goals/<int:pk>/", goals.goal_detail, name="goal_detail"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/export.csv", actions.action_list_csv, name="action_list_csv"),
    path("actions/export.xlsx", actions.action_list_xlsx, name="action_list_xlsx"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", updates.action_update, name="action_update"),
    path(
        "actions/<int:pk>/schedule/<int:revision_pk>/accept/",
        updates.schedule_decision,
        {"accept": True},
        name="schedule_accept",
    ),
    path(
        "actions/<int:pk>/schedule/<int:revision_pk>/decline/",
        updates.schedule_decision,
        {"accept": False},
        name="schedule_decline",
    ),
    path("bottlenecks/", bottlenecks.bottleneck_view, name="bottlenecks"),
    path("bottlenecks/export.csv", bottlenecks.bottleneck_csv, name="bottlenecks_csv"),
    path("bottlenecks/export.xlsx", bottlenecks.bottleneck_xlsx, name="bottlenecks_xlsx"),
    path("changes/", changes.what_changed, name="what_changed"),
    path("changes.csv", changes.what_changed_csv, name="what_changed_csv"),
    path("my/", updates.my_actions, name="my_actions"),
    path("my/<int:pk>/", updates.my_action_row, name="my_action_row"),
]
