from django.urls import path

from indicators import views, views_import, views_values

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("import/", views_import.import_values, name="indicator_import"),
    path("import/syke/", views_import.import_syke, name="indicator_import_syke"),
    path("import/confirm/", views_import.import_confirm, name="indicator_import_confirm"),
    path("export.csv", views.indicators_csv, name="indicators_csv"),
    path("export.xlsx", views.indicators_xlsx, name="indicators_xlsx"),
    path("<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("<int:pk>/chart/", views.indicator_chart, name="indicator_chart"),
    path("<int:pk>/data.csv", views.indicator_csv, name="indicator_csv"),
    path("<int:pk>/values/", views_values.values_edit, name="indicator_values"),
    path("<int:pk>/values/<int:value_pk>/", views_values.value_change, name="indicator_value"),
    path(
        "<int:pk>/values/<int:value_pk>/delete/",
        views_values.value_delete,
        name="indicator_value_delete",
    ),
]
