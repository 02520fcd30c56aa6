from django.urls import path

from indicators import views

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("<int:pk>/chart/", views.indicator_chart, name="indicator_chart"),
    path("<int:pk>/data.csv", views.indicator_csv, name="indicator_csv"),
]
