from django.urls import path
app_name = 'common'
urlpatterns: list = []
