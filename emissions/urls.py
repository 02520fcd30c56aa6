from django.urls import path

from emissions import views

urlpatterns = [
    path("", views.gap, name="emissions_gap"),
]
