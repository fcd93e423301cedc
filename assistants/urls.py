from django.urls import path

from assistants.views import home, organizations

urlpatterns = [
    path("", home.home, name="home"),
    path("organizations/switch/", organizations.organization_switch, name="organization_switch"),
    path("system/", home.system_status, name="system_status"),
    path("system/ping/", home.system_ping, name="system_ping"),
    path("system/ping/<uuid:ping_id>/", home.system_ping_detail, name="system_ping_detail"),
]
