from django.urls import path

from directory import gallery_views, member_views, picker_views, sync_views, views

urlpatterns = [
    path("", views.directory_list, name="directory_list"),
    path("upload/", views.directory_upload, name="directory_upload"),
    path("imports/<int:pk>/", views.directory_import, name="directory_import"),
    path("<int:pk>/delete/", views.directory_delete, name="directory_delete"),
    path("suggest/", picker_views.directory_suggestions, name="directory_suggest"),
    path("check/", picker_views.directory_check, name="directory_check"),
    path("gallery/", gallery_views.directory_gallery, name="directory_gallery"),
    path(
        "pictures/<int:pk>/<str:version>/",
        gallery_views.directory_picture,
        name="directory_picture",
    ),
    path("sync/<int:connection_id>/", sync_views.directory_sync_now, name="directory_sync_now"),
    path("members/<int:pk>/link/", member_views.member_link, name="member_link"),
    path("sync-runs/<int:pk>/", sync_views.directory_sync_run, name="directory_sync_run"),
]
