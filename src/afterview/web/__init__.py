"""The web app: afterview in the browser, on 127.0.0.1, over the same services as the CLI.

Pages are rendered on the server (Jinja2, autoescaped) with HTMX for partial updates; the
JSON API lives under ``/api`` with its OpenAPI schema. Neither holds rules of its own:
both call ``afterview.services``.
"""
