"""Pages for people: server-rendered HTML over the same domain services as the JSON API.

Sits above the domains (it calls their services) and below `app.main`; no domain imports it.
"""
