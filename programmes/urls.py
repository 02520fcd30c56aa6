from django.urls import path

from programmes.views import actions, goals, overview

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("rules/", overview.rules, name="rules"),
    path("ladder/", goals.ladder, name="ladder"),
    path("ladder/<int:pk>/", goals.ladder_rung, name="ladder_rung"),
    path("goals/<int:pk>/", goals.goal_detail, name="goal_detail"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
]
