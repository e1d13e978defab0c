from django.urls import path

from zhicheng.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/totp/", views.login_totp, name="login_totp"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register, name="register"),
    path("register/sms-code/", views.sms_code, name="sms_code"),
    path("profile/", views.profile, name="profile"),
]
