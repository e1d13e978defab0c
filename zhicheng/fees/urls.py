from django.conf import settings
from django.urls import path

from zhicheng.core.deployment import PAYMENT_SIMULATOR, stand_in_allowed
from zhicheng.fees import views

app_name = "fees"
urlpatterns = [
    path("applications/<int:pk>/", views.fee, name="fee"),
    path("applications/<int:pk>/pay/", views.pay, name="pay"),
    path("notify/", views.notify, name="notify"),
    path("receipts/<str:out_trade_no>/", views.receipt, name="receipt"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
]
# The simulated cashier lets an applicant mark their own fee paid: it exists only in a demo or when allowed.
if stand_in_allowed(PAYMENT_SIMULATOR, demo=settings.DEMO, stand_ins=settings.STAND_INS):
    urlpatterns += [
        path("cashier/<str:out_trade_no>/", views.cashier, name="cashier"),
        path("cashier/<str:out_trade_no>/submit/", views.cashier_submit, name="cashier_submit"),
    ]
