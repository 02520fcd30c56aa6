from django.urls import path

from programmes import views

urlpatterns = [
    path("", views.overview, name="overview"),
]
