from django.urls import path

from gonghui.core.web import views

app_name = "web"
urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.home, name="home"),
    path("reminders/", views.reminders_page, name="reminders"),
    path("reminders/badge/", views.reminder_badge, name="reminder_badge"),
]
