from django.urls import path

from gonghui.core.certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
]
