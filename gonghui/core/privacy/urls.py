from django.urls import path

from gonghui.core.privacy import views

app_name = "privacy"
urlpatterns = [
    path("unmask/<str:model_label>/<id:holder_id>/<str:field_name>/", views.unmask, name="unmask"),
]
