"""A Django `{# … #}` comment only works on one line: one spread over lines is printed on the
page (it happened in base.html's head, above every page). Pages show no comment markers."""

from django.test import Client


def test_pages_show_no_template_comment_markers(admin_client, organization):
    for client, url in ((Client(), "/accounts/login/"), (admin_client, "/")):
        html = client.get(url).content.decode()
        assert "{#" not in html and "#}" not in html, url
