app_name = "hall_wb"
urlpatterns = []
