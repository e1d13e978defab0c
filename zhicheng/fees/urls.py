from django.urls import path

from zhicheng.fees import views

app_name = "fees"
urlpatterns = [
    path("applications/<int:pk>/", views.fee, name="fee"),
    path("applications/<int:pk>/pay/", views.pay, name="pay"),
    path("cashier/<str:out_trade_no>/", views.cashier, name="cashier"),
    path("cashier/<str:out_trade_no>/submit/", views.cashier_submit, name="cashier_submit"),
    path("notify/", views.notify, name="notify"),
    path("receipts/<str:out_trade_no>/", views.receipt, name="receipt"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
]
