"""The browser enforces the Content-Security-Policy: injected inline script does not run, the pages' own scripts do."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INJECT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.injected = 1';
  document.body.append(script);
}"""


def test_injected_inline_script_is_refused_and_the_refusal_is_caught(live_server, context, csp_violations):
    page = context.new_page()
    page.goto(live_server.url + "/verify/")
    assert page.evaluate("() => typeof window.htmx") == "object"  # static scripts load

    page.evaluate(INJECT)
    page.wait_for_timeout(200)

    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in text for text in csp_violations)
    csp_violations.clear()  # the refusal was the point of this test
