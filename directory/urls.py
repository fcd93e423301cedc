from django.urls import path

from directory import views

urlpatterns = [
    path("", views.directory_list, name="directory_list"),
    path("upload/", views.directory_upload, name="directory_upload"),
    path("imports/<int:pk>/", views.directory_import, name="directory_import"),
    path("<int:pk>/delete/", views.directory_delete, name="directory_delete"),
]
