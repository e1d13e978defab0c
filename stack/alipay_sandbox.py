"""A sandbox of 支付宝 page pay for tests and the production-stack check; never deployed.

It follows the open platform's documented protocol, independently of the platform's own adapter:

- GET /gateway.do?method=alipay.trade.page.pay&...&sign=...  verifies the merchant's RSA2 signature with the
  app's public key and shows the cashier page (收银台) with the order's amount;
- POST /pay (out_trade_no)  the buyer pays: the order becomes TRADE_SUCCESS, the asynchronous notification is
  signed with the gateway's private key and POSTed to the order's notify_url until it answers "success"
  (3 attempts), then the browser is sent to return_url;
- POST /gateway.do method=alipay.trade.query  answers the gateway's signed record of the order;
- GET /orders/<out_trade_no>  (sandbox only) the order and its notification deliveries, as JSON;
- POST /orders/<out_trade_no>/replay  (sandbox only) delivers the same signed notification again.

Run: python -m stack.alipay_sandbox --port P --app-id ID --private-key gateway.pem --app-public-key app.pub.pem
[--cafile ca.pem]  (the CA that signed the platform's TLS certificate, for notify_url over https).
"""

import argparse
import base64
import datetime
import html
import json
import secrets
import ssl
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def _content(params: dict[str, str], exclude: set[str]) -> bytes:
    return "&".join(f"{k}={params[k]}" for k in sorted(params) if k not in exclude and params[k]).encode()


class Sandbox:
    def __init__(self, app_id: str, private_key: Path, app_public_key: Path, cafile: str | None) -> None:
        self.app_id = app_id
        self.key: Any = serialization.load_pem_private_key(private_key.read_bytes(), password=None)
        self.app_key: Any = serialization.load_pem_public_key(app_public_key.read_bytes())
        self.tls = ssl.create_default_context(cafile=cafile) if cafile else ssl.create_default_context()
        self.orders: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def sign(self, content: bytes) -> str:
        return base64.b64encode(self.key.sign(content, padding.PKCS1v15(), hashes.SHA256())).decode()

    def merchant_signed(self, params: dict[str, str]) -> bool:
        """A request from the merchant: RSA2 over every parameter but sign, with the app's public key."""
        if params.get("app_id") != self.app_id or params.get("sign_type") != "RSA2":
            return False
        try:
            signature = base64.b64decode(params.get("sign", ""), validate=True)
            self.app_key.verify(signature, _content(params, {"sign"}), padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        return True

    def open_order(self, params: dict[str, str]) -> dict[str, Any]:
        biz = json.loads(params["biz_content"])
        with self.lock:
            order = self.orders.get(biz["out_trade_no"])
            if order is None:
                order = self.orders[biz["out_trade_no"]] = {
                    "out_trade_no": biz["out_trade_no"],
                    "trade_no": f"2026{secrets.randbelow(10**24):024d}",
                    "total_amount": biz["total_amount"],
                    "subject": biz.get("subject", ""),
                    "notify_url": params.get("notify_url", ""),
                    "return_url": params.get("return_url", ""),
                    "trade_status": "WAIT_BUYER_PAY",
                    "gmt_create": _now(),
                    "notification": None,
                    "deliveries": [],
                }
        return order

    def pay(self, out_trade_no: str) -> dict[str, Any]:
        with self.lock:
            order = self.orders[out_trade_no]
            if order["trade_status"] == "WAIT_BUYER_PAY":
                order["trade_status"] = "TRADE_SUCCESS"
                order["gmt_payment"] = _now()
                order["notification"] = self.notification(order)
        self.notify(order, attempts=3)
        return order

    def notification(self, order: dict[str, Any]) -> dict[str, str]:
        """The asynchronous notification (trade_status_sync), signed over every field but sign and sign_type."""
        fields = {
            "notify_time": _now(),
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "app_id": self.app_id,
            "charset": "utf-8",
            "version": "1.0",
            "sign_type": "RSA2",
            "trade_no": order["trade_no"],
            "out_trade_no": order["out_trade_no"],
            "total_amount": order["total_amount"],
            "receipt_amount": order["total_amount"],
            "buyer_pay_amount": order["total_amount"],
            "subject": order["subject"],
            "trade_status": order["trade_status"],
            "gmt_create": order["gmt_create"],
            "gmt_payment": order["gmt_payment"],
        }
        fields["sign"] = self.sign(_content(fields, {"sign", "sign_type"}))
        return fields

    def notify(self, order: dict[str, Any], *, attempts: int) -> str:
        """POST the notification to notify_url until it answers "success"; returns the last answer."""
        answer = ""
        for attempt in range(attempts):
            data = urllib.parse.urlencode(order["notification"]).encode()
            request = urllib.request.Request(order["notify_url"], data=data, method="POST")  # noqa: S310
            request.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            try:
                with urllib.request.urlopen(request, timeout=10, context=self.tls) as response:  # noqa: S310
                    status, answer = response.status, response.read().decode()
            except urllib.error.HTTPError as exc:
                status, answer = exc.code, exc.read().decode()
            except OSError as exc:
                status, answer = 0, str(exc)
            order["deliveries"].append({"status": status, "answer": answer})
            if answer == "success":
                break
            time.sleep(0.2 * (attempt + 1))
        return answer

    def query(self, params: dict[str, str]) -> str:
        out_trade_no = json.loads(params.get("biz_content") or "{}").get("out_trade_no", "")
        order = self.orders.get(out_trade_no)
        if order is None:
            record: dict[str, str] = {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_NOT_EXIST",
                "sub_msg": "交易不存在",
            }
        else:
            record = {
                "code": "10000",
                "msg": "Success",
                "trade_no": order["trade_no"],
                "out_trade_no": out_trade_no,
                "trade_status": order["trade_status"],
                "total_amount": order["total_amount"],
                "send_pay_date": order.get("gmt_payment", ""),
            }
        signed = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        return f'{{"alipay_trade_query_response":{signed},"sign":"{self.sign(signed.encode())}"}}'


def _now() -> str:
    return datetime.datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


CASHIER = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>支付宝沙箱 收银台</title></head>
<body><h1>支付宝沙箱 收银台</h1><p>订单号 {out_trade_no}</p><p>{subject}</p><p>应付金额 <b>{total_amount}</b> 元</p>
<form method="post" action="/pay"><input type="hidden" name="out_trade_no" value="{out_trade_no}">
<button type="submit">确认付款</button></form></body></html>"""


def handler_for(sandbox: Sandbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            print(f"[alipay-sandbox] {self.command} {self.path.split('?')[0]} {args[1] if len(args) > 1 else ''}")

        def _send(self, status: int, body: str, content_type: str = "text/html; charset=utf-8") -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/gateway.do":
                params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                if params.get("method") != "alipay.trade.page.pay":
                    return self._send(400, "不支持的接口")
                if not sandbox.merchant_signed(params):
                    return self._send(400, "错误代码 invalid-signature 验签出错")
                order = sandbox.open_order(params)
                return self._send(200, CASHIER.format(**{k: html.escape(str(v)) for k, v in order.items()}))
            if url.path.startswith("/orders/"):
                order = sandbox.orders.get(url.path.removeprefix("/orders/"))
                return self._send(*(200, json.dumps(order)) if order else (404, "{}"), "application/json")
            if url.path == "/health":
                return self._send(200, "ok", "text/plain")
            return self._send(404, "not found")

        def do_POST(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            form = self._form()
            if url.path == "/gateway.do":
                if form.get("method") != "alipay.trade.query" or not sandbox.merchant_signed(form):
                    return self._send(400, '{"error_response":{"code":"40002","msg":"Invalid Arguments"}}')
                return self._send(200, sandbox.query(form), "application/json;charset=utf-8")
            if url.path == "/pay":
                if form.get("out_trade_no") not in sandbox.orders:
                    return self._send(404, "订单不存在")
                order = sandbox.pay(form["out_trade_no"])
                back = {"out_trade_no": order["out_trade_no"], "trade_no": order["trade_no"]}
                self.send_response(302)
                self.send_header("Location", f"{order['return_url']}?{urllib.parse.urlencode(back)}")
                self.send_header("Content-Length", "0")
                return self.end_headers()
            if url.path.startswith("/orders/") and url.path.endswith("/replay"):
                order = sandbox.orders.get(url.path.removeprefix("/orders/").removesuffix("/replay"))
                if not order or not order["notification"]:
                    return self._send(404, "{}", "application/json")
                answer = sandbox.notify(order, attempts=1)
                return self._send(200, json.dumps({"answer": answer}), "application/json")
            return self._send(404, "not found")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--private-key", type=Path, required=True, help="the gateway's RSA private key (PEM)")
    parser.add_argument("--app-public-key", type=Path, required=True, help="the merchant app's RSA public key")
    parser.add_argument("--cafile", help="CA bundle to trust for notify_url over https")
    args = parser.parse_args()
    sandbox = Sandbox(args.app_id, args.private_key, args.app_public_key, args.cafile)
    server = ThreadingHTTPServer((args.host, args.port), handler_for(sandbox))
    print(f"[alipay-sandbox] listening on http://{args.host}:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
