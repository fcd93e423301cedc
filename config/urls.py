from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.views import tokens_page

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("account/tokens/", tokens_page.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", tokens_page.token_revoke_view, name="token_revoke"),
    path("directory/", include("directory.urls")),
    path("", include("assistants.urls")),
]
