app_name = "materials"
urlpatterns: list[object] = []
